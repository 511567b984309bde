import { describe, expect, it } from 'vitest';
import type { BackupFile, ChecksumState, MetaState, Verification } from '../../../src/collect/backups/model.js';
import { assessBackup, summariseBackups } from '../../../src/collect/backups/summary.js';

const HASH = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const DAY = 86400;
const NOW_MS = 1_800_000_000_000;
const OPTIONS = { nowMs: NOW_MS, settleMs: 60_000 };

const okMeta = (extra: Record<string, unknown> = {}): MetaState => ({
  state: 'parsed',
  parsed: { meta: { status: 'success', ...extra }, problems: [] },
});
const sha = (name: string, hash = HASH): ChecksumState => ({ state: 'parsed', entries: [{ hash, fileName: name }] });
const verified = (sha256 = HASH, archive: 'ok' | 'truncated' | 'corrupt' = 'ok'): Verification => ({
  state: 'done',
  sha256,
  archive,
});

function dump(day: number, overrides: Partial<BackupFile> = {}): BackupFile {
  const name = `app_db_full_202401${String(day).padStart(2, '0')}_020000.sql.gz`;
  return {
    name,
    path: `/b/${name}`,
    database: 'app_db',
    type: 'full',
    fileTimestamp: 1_700_000_000 + day * DAY,
    format: 'plain-gz',
    size: 1000 + day,
    mtimeMs: (1_700_000_000 + day * DAY) * 1000,
    meta: okMeta(),
    checksum: sha(name),
    verify: true,
    retentionSeconds: 30 * DAY,
    ...overrides,
  };
}

describe('assessBackup', () => {
  const file = dump(1);
  it.each<[string, Partial<BackupFile>, Verification | undefined, string, string[]]>([
    ['all checks pass', {}, verified(), 'good', []],
    ['not verified yet', {}, undefined, 'pending', []],
    ['verification pending', {}, { state: 'pending' }, 'pending', []],
    ['checksum mismatch', {}, verified(OTHER), 'bad', ['checksum_mismatch']],
    ['truncated gzip whose checksum matches', {}, verified(HASH, 'truncated'), 'bad', ['corrupt_archive']],
    ['corrupt gzip', {}, verified(HASH, 'corrupt'), 'bad', ['corrupt_archive']],
    ['unreadable while verifying', {}, { state: 'unreadable', error: 'EACCES' }, 'bad', ['unreadable']],
    ['empty dump', { size: 0 }, undefined, 'bad', ['empty']],
    ['dump cannot be stat-ed', { size: null, mtimeMs: null }, undefined, 'bad', ['unreadable']],
    ['status=failed', { meta: okMeta({ status: 'failed' }) }, verified(), 'bad', ['failed']],
    ['no .meta: the check cannot run', { meta: { state: 'missing' } }, verified(), 'good', ['meta_missing']],
    [
      'invalid .meta',
      { meta: { state: 'parsed', parsed: { meta: {}, problems: ['binary content'] } } },
      verified(),
      'good',
      ['meta_invalid'],
    ],
    ['unreadable .meta', { meta: { state: 'unreadable', error: 'EACCES' } }, verified(), 'good', ['unreadable']],
    ['no .sha256', { checksum: { state: 'missing' } }, verified(OTHER), 'good', ['checksum_missing']],
    ['malformed .sha256', { checksum: { state: 'invalid', reason: 'x' } }, verified(), 'good', ['checksum_missing']],
    ['.sha256 for another file', { checksum: sha('other.sql.gz') }, undefined, 'bad', ['checksum_mismatch']],
    ['verify off', { verify: false }, undefined, 'good', []],
    ['verify off, failed', { verify: false, meta: okMeta({ status: 'failed' }) }, undefined, 'bad', ['failed']],
  ])('%s', (_name, overrides, verification, state, problems) => {
    const assessment = assessBackup({ ...file, ...overrides }, verification);
    expect(assessment.state).toBe(state);
    expect([...assessment.problems].sort()).toEqual([...problems].sort());
  });
});

describe('summariseBackups', () => {
  it('reports the newest good backup and the facts of the group', () => {
    const files = [dump(1), dump(2), dump(3, { meta: okMeta({ status: 'failed' }) })];
    const results = new Map(files.map((f) => [f.path, verified()]));
    const { groups, verifyQueue } = summariseBackups(files, results, OPTIONS);
    expect(verifyQueue).toEqual([]);
    expect(groups).toEqual([
      {
        database: 'app_db',
        type: 'full',
        files: 3,
        totalSizeBytes: 1001 + 1002 + 1003,
        oldestTimestamp: files[0]!.fileTimestamp,
        lastTimestamp: files[2]!.fileTimestamp,
        lastSizeBytes: 1003,
        lastDurationSeconds: undefined,
        lastSuccessTimestamp: files[1]!.fileTimestamp,
        retentionSeconds: 30 * DAY,
        verificationPending: 0,
        problems: {
          checksum_mismatch: 0,
          checksum_missing: 0,
          meta_missing: 0,
          meta_invalid: 0,
          failed: 1,
          corrupt_archive: 0,
          empty: 0,
          unreadable: 0,
        },
        examples: { failed: files[2]!.name },
        lastSuccessFile: files[1],
      },
    ]);
  });

  it('uses finished_at as the backup time and the duration from the meta', () => {
    const file = dump(1, { meta: okMeta({ startedAt: 1_700_100_000, finishedAt: 1_700_100_300 }) });
    const [group] = summariseBackups([file], new Map([[file.path, verified()]]), OPTIONS).groups;
    expect(group).toMatchObject({ lastTimestamp: 1_700_100_300, lastSuccessTimestamp: 1_700_100_300 });
    expect(group?.lastDurationSeconds).toBe(300);
  });

  it('reports the previous good backup while the newest waits, and queues only the newest', () => {
    const files = [dump(1), dump(2), dump(3)];
    const results = new Map([[files[0]!.path, verified()]]);
    const { groups, verifyQueue } = summariseBackups(files, results, OPTIONS);
    expect(groups[0]).toMatchObject({ lastSuccessTimestamp: files[0]!.fileTimestamp, verificationPending: 2 });
    expect(verifyQueue.map((f) => f.name)).toEqual([files[2]!.name]);
  });

  it('queues the next older backup once the newest is known bad', () => {
    const files = [dump(1), dump(2), dump(3)];
    const results = new Map([[files[2]!.path, verified(OTHER)]]);
    const { groups, verifyQueue } = summariseBackups(files, results, OPTIONS);
    expect(verifyQueue.map((f) => f.name)).toEqual([files[1]!.name]);
    expect(groups[0]).toMatchObject({ verificationPending: 2 });
    expect(groups[0]?.lastSuccessTimestamp).toBeUndefined();
    expect(groups[0]?.problems.checksum_mismatch).toBe(1);
  });

  it('says 0 when no backup is good and nothing is pending', () => {
    const files = [dump(1, { size: 0 }), dump(2, { meta: okMeta({ status: 'failed' }) })];
    const { groups, verifyQueue } = summariseBackups(files, new Map(), OPTIONS);
    expect(verifyQueue).toEqual([]);
    expect(groups[0]).toMatchObject({ lastSuccessTimestamp: 0, verificationPending: 0 });
    expect(groups[0]?.problems).toMatchObject({ empty: 1, failed: 1 });
  });

  it('leaves a dump that is still being written alone', () => {
    const settled = dump(1);
    const writing = dump(2, { mtimeMs: NOW_MS - 1000, meta: { state: 'missing' }, checksum: { state: 'missing' } });
    const { groups, verifyQueue } = summariseBackups(
      [settled, writing],
      new Map([[settled.path, verified()]]),
      OPTIONS,
    );
    expect(verifyQueue).toEqual([]);
    expect(groups[0]).toMatchObject({
      files: 2,
      lastSuccessTimestamp: settled.fileTimestamp,
      verificationPending: 1,
    });
    expect(groups[0]?.problems.meta_missing).toBe(0);
  });

  it('keeps (database, type) groups apart and queues the newest first', () => {
    const full = dump(1);
    const schemaName = 'app_db_schema_20240105_020000.sql.gz';
    const otherName = 'other_full_20240103_020000.sql.gz';
    const schema = dump(5, { type: 'schema', path: '/b/s', name: schemaName, checksum: sha(schemaName) });
    const other = dump(3, { database: 'other', path: '/b/o', name: otherName, checksum: sha(otherName) });
    const { groups, verifyQueue } = summariseBackups([full, schema, other], new Map(), OPTIONS);
    expect(groups.map((g) => [g.database, g.type])).toEqual([
      ['app_db', 'full'],
      ['app_db', 'schema'],
      ['other', 'full'],
    ]);
    expect(verifyQueue.map((f) => f.path)).toEqual(['/b/s', '/b/o', full.path]);
  });
});

describe('summariseBackups at scale', () => {
  it('summarises a group larger than a call has room for arguments', () => {
    const base = dump(1);
    const files = Array.from({ length: 200_000 }, (_, i) =>
      Object.assign({}, base, { path: `/b/${i}`, fileTimestamp: 1_600_000_000 + i, size: 1 }),
    );
    const { groups } = summariseBackups(files, new Map(), OPTIONS);
    expect(groups[0]).toMatchObject({ files: 200_000, totalSizeBytes: 200_000, oldestTimestamp: 1_600_000_000 });
  });
});
