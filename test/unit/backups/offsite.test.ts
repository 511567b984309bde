import { describe, expect, it } from 'vitest';
import type { BackupFile, Verification } from '../../../src/collect/backups/model.js';
import {
  compareOffsite,
  isDue,
  judgeCopy,
  localDigests,
  type CompareOptions,
  type LocalDigests,
} from '../../../src/collect/backups/offsite/compare.js';
import { offsiteSchema } from '../../../src/collect/backups/offsite/config.js';
import { maskSecrets, secretValues } from '../../../src/collect/backups/offsite/credentials.js';
import { mergeLocations, mergeOffsiteGroups } from '../../../src/collect/backups/offsite/families.js';
import type { OffsiteCopy, OffsiteGroup } from '../../../src/collect/backups/offsite/model.js';
import { folderPrefix } from '../../../src/collect/backups/offsite/s3-location.js';

const SHA = 'a'.repeat(64);
const OTHER_SHA = 'b'.repeat(64);
const MD5 = 'c'.repeat(32);
const OTHER_MD5 = 'd'.repeat(32);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW_MS = Date.UTC(2024, 0, 20, 12);
const OPTIONS: CompareOptions = {
  nowMs: NOW_MS,
  graceMs: 2 * HOUR,
  withinMs: 30 * DAY,
  compareEtag: true,
  timeZone: 'UTC',
};

const copy = (name: string, size: number, extra: Partial<OffsiteCopy> = {}): OffsiteCopy => ({
  name,
  size,
  sidecar: { state: 'absent' },
  ...extra,
});

function dump(day: number, overrides: Partial<BackupFile> = {}): BackupFile {
  const name = `shop_full_202401${String(day).padStart(2, '0')}_020000.sql.gz`;
  const time = Date.UTC(2024, 0, day, 2) / 1000;
  return {
    name,
    path: `/b/${name}`,
    database: 'shop',
    type: 'full',
    fileTimestamp: time,
    format: 'plain-gz',
    size: 1000,
    mtimeMs: time * 1000 + 60_000,
    meta: { state: 'missing' },
    checksum: { state: 'parsed', entries: [{ hash: SHA, fileName: name }] },
    verify: true,
    retentionSeconds: 30 * 86400,
    ...overrides,
  };
}

describe('judgeCopy', () => {
  const both: LocalDigests = { sha256: SHA, md5: MD5 };
  it.each<[string, LocalDigests, OffsiteCopy | undefined, boolean, string]>([
    ['no copy', both, undefined, true, 'missing'],
    ['another size', both, copy('x', 999), true, 'size_mismatch'],
    [
      'size differs even when the sidecar matches',
      both,
      copy('x', 1, { sidecar: { state: 'read', sha256: SHA } }),
      true,
      'size_mismatch',
    ],
    ['sidecar matches', both, copy('x', 1000, { sidecar: { state: 'read', sha256: SHA } }), true, 'ok'],
    [
      'sidecar differs',
      both,
      copy('x', 1000, { sidecar: { state: 'read', sha256: OTHER_SHA } }),
      true,
      'checksum_mismatch',
    ],
    [
      'sidecar wins over a differing ETag',
      both,
      copy('x', 1000, { etag: OTHER_MD5, sidecar: { state: 'read', sha256: SHA } }),
      true,
      'ok',
    ],
    [
      'unusable sidecar, ETag matches',
      both,
      copy('x', 1000, { etag: MD5, sidecar: { state: 'read', sha256: null } }),
      true,
      'ok',
    ],
    ['single-part ETag matches the MD5', both, copy('x', 1000, { etag: MD5 }), true, 'ok'],
    ['single-part ETag in upper case', both, copy('x', 1000, { etag: MD5.toUpperCase() }), true, 'ok'],
    ['single-part ETag differs', both, copy('x', 1000, { etag: OTHER_MD5 }), true, 'checksum_mismatch'],
    ['ETag comparison switched off', both, copy('x', 1000, { etag: OTHER_MD5 }), false, 'checksum_unknown'],
    ['multipart ETag is no MD5', both, copy('x', 1000, { etag: `${OTHER_MD5}-3` }), true, 'checksum_unknown'],
    [
      'ETag but the local MD5 is unknown',
      { sha256: SHA },
      copy('x', 1000, { etag: OTHER_MD5 }),
      true,
      'checksum_unknown',
    ],
    [
      'sidecar but no local digest',
      {},
      copy('x', 1000, { sidecar: { state: 'read', sha256: OTHER_SHA } }),
      true,
      'checksum_unknown',
    ],
    ['a directory copy without sidecar', both, copy('x', 1000), true, 'checksum_unknown'],
  ])('%s', (_name, digests, offsite, compareEtag, expected) => {
    expect(judgeCopy(1000, digests, offsite, compareEtag)).toBe(expected);
  });
});

describe('localDigests', () => {
  it.each<[string, Partial<BackupFile>, Verification | undefined, LocalDigests]>([
    [
      'verified: the bytes read',
      {},
      { state: 'done', sha256: OTHER_SHA, md5: MD5, archive: 'ok' },
      { sha256: OTHER_SHA, md5: MD5 },
    ],
    ['not verified: its own .sha256', {}, undefined, { sha256: SHA }],
    [
      'cached before MD5 was recorded',
      {},
      { state: 'done', sha256: SHA, archive: 'ok' },
      { sha256: SHA, md5: undefined },
    ],
    ['no .sha256 and not verified', { checksum: { state: 'missing' } }, undefined, {}],
    [
      'a .sha256 naming another file',
      { checksum: { state: 'parsed', entries: [{ hash: SHA, fileName: 'x.sql.gz' }] } },
      undefined,
      {},
    ],
  ])('%s', (_name, overrides, verification, expected) => {
    expect(localDigests(dump(10, overrides), verification)).toEqual(expected);
  });
});

describe('isDue', () => {
  it.each<[string, BackupFile, boolean]>([
    ['an old, finished dump', dump(10), true],
    ['written within the grace time', dump(20, { mtimeMs: NOW_MS - HOUR }), false],
    ['just past the grace time', dump(20, { mtimeMs: NOW_MS - 2 * HOUR }), true],
    ['older than the window', dump(10, { fileTimestamp: (NOW_MS - 31 * DAY) / 1000 }), false],
    ['empty', dump(10, { size: 0 }), false],
    ['cannot be stat-ed', dump(10, { size: null, mtimeMs: null }), false],
    [
      'its .meta says failed',
      dump(10, { meta: { state: 'parsed', parsed: { meta: { status: 'failed' }, problems: [] } } }),
      false,
    ],
  ])('%s', (_name, file, expected) => {
    expect(isDue(file, OPTIONS)).toBe(expected);
  });
});

describe('compareOffsite', () => {
  it('counts problems and copies per (database, type), with the newest copy by file name', () => {
    const files = [dump(17), dump(18), dump(19), dump(20, { mtimeMs: NOW_MS - 60_000 })];
    const copies = [
      copy(files[0]!.name, 1000, { sidecar: { state: 'read', sha256: SHA } }),
      copy(files[1]!.name, 5, { sidecar: { state: 'read', sha256: SHA } }),
      copy('shop_schema_20240119_020000.sql.gz', 10),
      copy('shop_full_20240119_020000.sql.gz.sha256', 90),
      copy('README', 3),
    ];
    const groups = compareOffsite(files, new Map(), copies, OPTIONS);
    expect(groups).toEqual<OffsiteGroup[]>([
      {
        database: 'shop',
        type: 'full',
        copies: 2,
        lastCopyTimestamp: Date.UTC(2024, 0, 18, 2) / 1000,
        problems: { missing: 1, size_mismatch: 1, checksum_mismatch: 0, checksum_unknown: 0 },
        examples: { missing: files[2]!.name, size_mismatch: files[1]!.name },
      },
      {
        database: 'shop',
        type: 'schema',
        copies: 1,
        lastCopyTimestamp: Date.UTC(2024, 0, 19, 2) / 1000,
        problems: { missing: 0, size_mismatch: 0, checksum_mismatch: 0, checksum_unknown: 0 },
        examples: {},
      },
    ]);
  });

  it('reports a group with local dumps and no copy at all, newest copy 0', () => {
    const [group] = compareOffsite([dump(10)], new Map(), [], OPTIONS);
    expect(group).toMatchObject({ copies: 0, lastCopyTimestamp: 0, problems: { missing: 1 } });
  });

  it('uses the verified digests, so a copy of the bytes on disk matches even when the local .sha256 is wrong', () => {
    const file = dump(10);
    const verifications = new Map<string, Verification>([
      [file.path, { state: 'done', sha256: OTHER_SHA, md5: MD5, archive: 'ok' }],
    ]);
    const [group] = compareOffsite([file], verifications, [copy(file.name, 1000, { etag: MD5 })], OPTIONS);
    expect(group!.problems).toEqual({ missing: 0, size_mismatch: 0, checksum_mismatch: 0, checksum_unknown: 0 });
  });
});

describe('mergeOffsiteGroups', () => {
  it('adds up the same (database, type) of two directories', () => {
    const a: OffsiteGroup = {
      database: 'shop',
      type: 'full',
      copies: 2,
      lastCopyTimestamp: 10,
      problems: { missing: 1, size_mismatch: 0, checksum_mismatch: 0, checksum_unknown: 2 },
      examples: { missing: 'a' },
    };
    const b: OffsiteGroup = {
      ...a,
      copies: 3,
      lastCopyTimestamp: 20,
      examples: { missing: 'b', checksum_unknown: 'c' },
    };
    expect(mergeOffsiteGroups([a, b])).toEqual([
      {
        ...a,
        copies: 5,
        lastCopyTimestamp: 20,
        problems: { missing: 2, size_mismatch: 0, checksum_mismatch: 0, checksum_unknown: 4 },
        examples: { missing: 'a', checksum_unknown: 'c' },
      },
    ]);
  });
});

describe('mergeLocations', () => {
  it('reports a location shared by two directories once: down when either listing failed', () => {
    expect(
      mergeLocations([
        { location: 's3://b/p/', up: true, truncated: false },
        { location: '/mnt/x', up: true, truncated: false },
        { location: 's3://b/p/', up: false, truncated: true },
      ]),
    ).toEqual([
      { location: 's3://b/p/', up: false, truncated: true },
      { location: '/mnt/x', up: true, truncated: false },
    ]);
  });
});

describe('offsite config and credentials', () => {
  it.each<[string, unknown, string | null]>([
    ['a directory', { path: '/mnt/nfs/db' }, null],
    [
      'a bucket with keys from files',
      { s3: { bucket: 'b', access_key_id_file: 'k', secret_access_key_file: 's' } },
      null,
    ],
    ['a bucket with the AWS chain', { s3: { bucket: 'b' } }, null],
    ['both a path and a bucket', { path: '/x', s3: { bucket: 'b' } }, 'give exactly one of path and s3'],
    ['neither', {}, 'give exactly one of path and s3'],
    [
      'a key and its file',
      { s3: { bucket: 'b', access_key_id: 'k', access_key_id_file: 'f', secret_access_key: 's' } },
      'give at most one of access_key_id and access_key_id_file',
    ],
    [
      'a key without its secret',
      { s3: { bucket: 'b', access_key_id: 'k' } },
      'give both access_key_id and secret_access_key',
    ],
    [
      'credentials in the endpoint',
      { s3: { bucket: 'b', endpoint: 'http://k:s@127.0.0.1:9000' } },
      'must not hold credentials',
    ],
    ['a typo', { path: '/x', gracce: '1h' }, 'gracce'],
  ])('%s', (_name, input, error) => {
    const result = offsiteSchema.safeParse(input);
    if (error === null) expect(result.error?.issues).toBeUndefined();
    else expect(JSON.stringify(result.error?.issues)).toContain(error);
  });

  it('masks every configured and environment credential', () => {
    const secrets = secretValues(
      { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' },
      { AWS_SESSION_TOKEN: 'tok123' },
    );
    expect(maskSecrets('AKIAEXAMPLE/wJalrXUtnFEMI tok123 tok123', secrets)).toBe('***/*** *** ***');
  });

  it.each([
    ['', ''],
    ['db', 'db/'],
    ['/db/', 'db/'],
    ['a/b', 'a/b/'],
  ])('prefix %j lists %j', (prefix, expected) => {
    expect(folderPrefix(prefix)).toBe(expected);
  });
});
