// A real backup directory with every case backup-database.sh (and things around it) can leave behind.
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupSource, backupsConfigSchema } from '../../../src/collect/backups/index.js';
import type { MetricFamily } from '../../../src/collect/model.js';
import { capturingLogger, dumpBytes, problemsOf, series, sha256, tempDir, valueOf, writeBackup } from './fixture.js';
import { collectFamilies } from '../../support/collected.js';

// File names are Europe/Berlin wall clock; in January that is UTC+1.
const berlin = (day: number, hour = 2, minute = 0) => Date.UTC(2024, 0, day, hour - 1, minute) / 1000;
const WAL_T1 = 1_705_000_000;
const WAL_T2 = 1_705_090_000;

const { logger, lines: logLines } = capturingLogger('debug');

let dir: { path: string; remove: () => Promise<void> };
let source: BackupSource;
let families: MetricFamily[];
const sizes: Record<string, number> = {};

async function backup(name: string, files: Parameters<typeof writeBackup>[2] = {}): Promise<void> {
  const dump = files.dump ?? dumpBytes(`-- ${name}\n`);
  sizes[name] = dump.length;
  await writeBackup(dir.path, name, { ...files, dump });
}

async function buildDirectory(path: string): Promise<void> {
  const pf = 'promptforge_prod_full_202401';
  const multiMember = Buffer.concat([gzipSync('-- part one\n'), gzipSync('-- part two\n')]);
  await backup(`${pf}10_020000.sql.gz`, { dump: multiMember, meta: 'status=success\nduration_seconds=120\n' });
  await backup(`${pf}11_020000.sql.gz`, { meta: '{"status": "success", "duration_seconds": 90}' });
  await backup(`${pf}12_020000.sql.gz`, {
    sha256: `${sha256(Buffer.from('something else'))}  ${pf}12_020000.sql.gz\n`,
    meta: 'status=success\nduration_seconds=95\n',
  });
  await backup('promptforge_prod_schema_20240112_030000.sql.gz', {
    meta: 'status=success\nstarted_at=2024-01-12T02:04:00Z\nfinished_at=2024-01-12T02:05:00Z\n',
  });

  await backup('app_full_20240111_020000.sql.gz');
  await backup('app_full_20240112_020000.sql.gz', { meta: 'status=failed\n' });

  const whole = dumpBytes('-- a dump that will be cut short\n'.repeat(200));
  const truncated = whole.subarray(0, whole.length - 10);
  await backup('trunc_db_full_20240112_020000.sql.gz', {
    dump: truncated,
    sha256: `${sha256(truncated)}  trunc_db_full_20240112_020000.sql.gz\n`,
  });

  const mc = (day: number) => `meta_cases_full_202401${String(day).padStart(2, '0')}_020000.sql.gz`;
  await backup(mc(1), { meta: '' });
  await backup(mc(2), { meta: Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0xfe, 0x00]) });
  await backup(mc(3), { meta: 'status=success\n' + 'padding=x\n'.repeat(7000) });
  await backup(mc(4), { sha256: null });
  await backup(mc(5), { sha256: 'this is not a checksum\n' });
  const bare = dumpBytes('-- bare\n');
  await backup(mc(6), { dump: bare, meta: null, sha256: `${sha256(bare)}\n` });
  const binaryMarker = dumpBytes('-- star\n');
  await backup(mc(7), { dump: binaryMarker, sha256: `${sha256(binaryMarker)} *${mc(7)}\n` });

  await backup('empty_db_full_20240112_020000.sql.gz', { dump: Buffer.alloc(0) });

  await symlink('loop_full_20240112_020000.sql.gz', join(path, 'loop_full_20240112_020000.sql.gz'));
  await symlink('.', join(path, 'dirloop_full_20240112_020000.sql.gz'));
  await symlink('.', join(path, 'sub'));
  await mkdir(join(path, 'old'));
  await writeBackup(join(path, 'old'), 'archived_full_20230101_020000.sql.gz');
  await writeFile(join(path, 'notes.txt'), 'not a backup');
  await writeFile(join(path, 'app_full_20240112.sql.gz'), 'no time in the name');
  await writeFile(join(path, 'orphan_full_20240101_000000.sql.gz.sha256'), 'no dump');

  const wal = join(path, 'wal_archive');
  await mkdir(join(wal, 'archive_status'), { recursive: true });
  const walFiles: Array<[string, number]> = [
    ['000000010000000000000001', 16],
    ['000000010000000000000002.gz', 5],
    ['000000010000000000000003.zst', 6],
    ['000000010000000000000004.partial', 7],
    ['00000002.history', 8],
    ['000000010000000000000001.00000028.backup', 9],
    ['000000020000000000000004.lz4', 10],
    ['junk.txt', 100],
  ];
  for (const [name, size] of walFiles) {
    await writeFile(join(wal, name), Buffer.alloc(size, 1));
    const mtime = name === '000000020000000000000004.lz4' ? WAL_T2 : name === 'junk.txt' ? WAL_T2 + 500 : WAL_T1;
    await utimes(join(wal, name), mtime, mtime);
  }
}

beforeAll(async () => {
  dir = await tempDir('backups');
  await buildDirectory(dir.path);
  const config = backupsConfigSchema.parse([{ path: dir.path, timezone: 'Europe/Berlin', retention: '14d' }]);
  source = new BackupSource(config, logger, { verifyBytesPerSecond: 0 });
  families = await source.collectVerified();
});

afterAll(async () => {
  source?.close();
  await dir?.remove();
});

const db = (database: string, type = 'full') => ({ database, type });

describe('a backup directory', () => {
  it('reports the newest good backup past a checksum mismatch on the newest dump', () => {
    const f = db('promptforge_prod');
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', f)).toBe(berlin(11));
    expect(valueOf(families, 'pg_backup_last_timestamp_seconds', f)).toBe(berlin(12));
    expect(valueOf(families, 'pg_backup_oldest_timestamp_seconds', f)).toBe(berlin(10));
    expect(valueOf(families, 'pg_backup_files', f)).toBe(3);
    expect(valueOf(families, 'pg_backup_last_size_bytes', f)).toBe(
      sizes['promptforge_prod_full_20240112_020000.sql.gz'],
    );
    expect(valueOf(families, 'pg_backup_total_size_bytes', f)).toBe(
      ['10', '11', '12'].reduce((sum, d) => sum + sizes[`promptforge_prod_full_202401${d}_020000.sql.gz`]!, 0),
    );
    expect(valueOf(families, 'pg_backup_last_duration_seconds', f)).toBe(95);
    expect(valueOf(families, 'pg_backup_retention_seconds', f)).toBe(14 * 86400);
    expect(valueOf(families, 'pg_backup_verification_pending', f)).toBe(0);
    expect(problemsOf(families, 'promptforge_prod', 'full')).toEqual({ checksum_mismatch: 1 });
  });

  it('takes the backup time from finished_at and the duration from started_at', () => {
    const s = db('promptforge_prod', 'schema');
    const finished = Date.UTC(2024, 0, 12, 2, 5) / 1000;
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', s)).toBe(finished);
    expect(valueOf(families, 'pg_backup_last_timestamp_seconds', s)).toBe(finished);
    expect(valueOf(families, 'pg_backup_last_duration_seconds', s)).toBe(60);
    expect(problemsOf(families, 'promptforge_prod', 'schema')).toEqual({});
  });

  it('reports the older good backup after a failed run', () => {
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', db('app'))).toBe(berlin(11));
    expect(valueOf(families, 'pg_backup_last_timestamp_seconds', db('app'))).toBe(berlin(12));
    expect(problemsOf(families, 'app', 'full')).toEqual({ failed: 1 });
    expect(valueOf(families, 'pg_backup_last_duration_seconds', db('app'))).toBeUndefined();
  });

  it('finds a truncated gzip whose checksum matches', () => {
    expect(problemsOf(families, 'trunc_db', 'full')).toEqual({ corrupt_archive: 1 });
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', db('trunc_db'))).toBe(0);
  });

  it('counts empty, binary, oversized and missing sidecars without failing the backups', () => {
    expect(problemsOf(families, 'meta_cases', 'full')).toEqual({
      meta_invalid: 3,
      checksum_missing: 2,
      meta_missing: 1,
    });
    expect(valueOf(families, 'pg_backup_files', db('meta_cases'))).toBe(7);
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', db('meta_cases'))).toBe(berlin(7));
  });

  it('reports an empty dump and a symlink loop as problems', () => {
    expect(problemsOf(families, 'empty_db', 'full')).toEqual({ empty: 1 });
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', db('empty_db'))).toBe(0);
    expect(problemsOf(families, 'loop', 'full')).toEqual({ unreadable: 1, meta_missing: 1, checksum_missing: 1 });
    expect(valueOf(families, 'pg_backup_last_size_bytes', db('loop'))).toBe(0);
  });

  it('emits every problem kind per (database, type), zeros included, and nothing for ignored files', () => {
    const groups = Object.keys(series(families, 'pg_backup_files')).map((labels) => JSON.parse(labels));
    expect(groups.sort((a, b) => (a.database < b.database ? -1 : 1))).toEqual([
      db('app'),
      db('empty_db'),
      db('loop'),
      db('meta_cases'),
      db('promptforge_prod'),
      db('promptforge_prod', 'schema'),
      db('trunc_db'),
    ]);
    expect(Object.keys(series(families, 'pg_backup_problems'))).toHaveLength(7 * 8);
  });

  it('summarises the WAL archive: partial, history, backup and compressed files count; others do not', () => {
    const wal = { path: join(dir.path, 'wal_archive') };
    expect(valueOf(families, 'pg_wal_archive_files', wal)).toBe(7);
    expect(valueOf(families, 'pg_wal_archive_size_bytes', wal)).toBe(61);
    expect(valueOf(families, 'pg_wal_archive_last_timestamp_seconds', wal)).toBe(WAL_T2);
  });

  it('reports the directories and their filesystem', () => {
    expect(series(families, 'pg_backup_directory_up')).toEqual({
      [JSON.stringify({ path: dir.path })]: 1,
      [JSON.stringify({ path: join(dir.path, 'wal_archive') })]: 1,
    });
    const avail = valueOf(families, 'pg_backup_filesystem_avail_bytes', { path: dir.path })!;
    const size = valueOf(families, 'pg_backup_filesystem_size_bytes', { path: dir.path })!;
    expect(avail).toBeGreaterThan(0);
    expect(size).toBeGreaterThanOrEqual(avail);
  });

  it('verifies each dump once and logs each problem once', async () => {
    await source.collectVerified();
    await collectFamilies(source);
    const verified = logLines.filter((l) => l.msg === 'backup verified').map((l) => l.path);
    expect([...verified].sort()).toEqual(
      [
        'app_full_20240111_020000.sql.gz',
        'meta_cases_full_20240107_020000.sql.gz',
        'promptforge_prod_full_20240111_020000.sql.gz',
        'promptforge_prod_full_20240112_020000.sql.gz',
        'promptforge_prod_schema_20240112_030000.sql.gz',
        'trunc_db_full_20240112_020000.sql.gz',
      ].map((name) => join(dir.path, name)),
    );
    const warnings = logLines.filter((l) => l.level === 'warn' && l.msg === 'backups with a problem');
    const keys = warnings.map((l) => `${l.database}/${l.type}/${l.problem}`);
    expect(keys.sort()).toEqual([
      'app/full/failed',
      'empty_db/full/empty',
      'loop/full/checksum_missing',
      'loop/full/meta_missing',
      'loop/full/unreadable',
      'meta_cases/full/checksum_missing',
      'meta_cases/full/meta_invalid',
      'meta_cases/full/meta_missing',
      'promptforge_prod/full/checksum_mismatch',
      'trunc_db/full/corrupt_archive',
    ]);
  });
});
