// Background verification: a byte budget, dumps still being written, and verification switched off.
import { randomBytes } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupSource, backupsConfigSchema } from '../../../src/collect/backups/index.js';
import { silentLogger } from '../../../src/log.js';
import { problemsOf, sha256, tempDir, valueOf, writeBackup } from './fixture.js';
import { collectFamilies } from '../../support/collected.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const app = { database: 'app', type: 'full' };
const stamp = (day: number) => Date.UTC(2024, 0, day, 2) / 1000;

async function setup(entries: (path: string) => unknown[], opts = {}) {
  const dir = await tempDir('verify');
  const source = new BackupSource(backupsConfigSchema.parse(entries(dir.path)), silentLogger(), opts);
  cleanups.push(async () => {
    source.close();
    await dir.remove();
  });
  return { path: dir.path, source };
}

describe('verification', () => {
  it('reads under a byte budget and still finds a corrupt byte', async () => {
    const { path, source } = await setup((p) => [{ path: p, timezone: 'UTC' }], { verifyBytesPerSecond: 512 * 1024 });
    const dump = gzipSync(randomBytes(600 * 1024), { level: 0 });
    const corrupt = Buffer.from(dump);
    corrupt[corrupt.length - 6]! ^= 0xff; // inside the CRC32 trailer: only a full read finds it
    await writeBackup(path, 'app_full_20240111_020000.sql.gz', { dump });
    await writeBackup(path, 'app_full_20240112_020000.sql.gz', {
      dump: corrupt,
      sha256: `${sha256(corrupt)}  app_full_20240112_020000.sql.gz`,
    });
    const families = await source.collectVerified();
    expect(problemsOf(families, 'app', 'full')).toEqual({ corrupt_archive: 1 });
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', app)).toBe(stamp(11));
  });

  it('leaves a dump that is still being written pending, reporting the previous good one', async () => {
    const { path, source } = await setup((p) => [{ path: p, timezone: 'UTC' }], { settleSeconds: 60 });
    await writeBackup(path, 'app_full_20240111_020000.sql.gz');
    await writeBackup(path, 'app_full_20240112_020000.sql.gz', { meta: null, sha256: null });
    const now = Date.now();
    await utimes(join(path, 'app_full_20240112_020000.sql.gz'), now / 1000, now / 1000);

    const writing = await source.collectVerified(now);
    expect(valueOf(writing, 'pg_backup_last_success_timestamp_seconds', app)).toBe(stamp(11));
    expect(valueOf(writing, 'pg_backup_last_timestamp_seconds', app)).toBe(stamp(12));
    expect(valueOf(writing, 'pg_backup_verification_pending', app)).toBe(1);
    expect(problemsOf(writing, 'app', 'full')).toEqual({});

    const settled = await source.collectVerified(now + 120_000);
    expect(valueOf(settled, 'pg_backup_last_success_timestamp_seconds', app)).toBe(stamp(12));
    expect(valueOf(settled, 'pg_backup_verification_pending', app)).toBe(0);
    expect(problemsOf(settled, 'app', 'full')).toEqual({ meta_missing: 1, checksum_missing: 1 });
  });

  it('reports nothing as last success while the only backup waits for verification', async () => {
    const { path, source } = await setup((p) => [{ path: p, timezone: 'UTC' }]);
    await writeBackup(path, 'app_full_20240112_020000.sql.gz');
    const first = await collectFamilies(source);
    expect(valueOf(first, 'pg_backup_last_success_timestamp_seconds', app)).toBeUndefined();
    expect(valueOf(first, 'pg_backup_verification_pending', app)).toBe(1);
    const verified = await source.collectVerified();
    expect(valueOf(verified, 'pg_backup_last_success_timestamp_seconds', app)).toBe(stamp(12));
  });

  it('with verify off, trusts a dump that passes the other checks', async () => {
    const { path, source } = await setup((p) => [{ path: p, timezone: 'UTC', verify: false }]);
    await writeBackup(path, 'app_full_20240112_020000.sql.gz', { dump: Buffer.from('not gzip at all') });
    const families = await collectFamilies(source);
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', app)).toBe(stamp(12));
    expect(valueOf(families, 'pg_backup_verification_pending', app)).toBe(0);
    expect(problemsOf(families, 'app', 'full')).toEqual({});
  });
});
