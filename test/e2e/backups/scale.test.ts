// 100,000 files in one directory: the scan completes and counts every one (no timing asserts).
import { writeFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../../../src/collect/backups/concurrency.js';
import { BackupSource, backupsConfigSchema } from '../../../src/collect/backups/index.js';
import { silentLogger } from '../../../src/log.js';
import { dumpBytes, problemsOf, sha256, tempDir, valueOf } from './fixture.js';
import { collectFamilies } from '../../support/collected.js';

const DATABASES = 100;
const BACKUPS_PER_DATABASE = 500; // dump + .sha256 each: 100 × 500 × 2 = 100,000 files
const DUMP = dumpBytes('-- tiny\n');
const HASH = sha256(DUMP);

// Backup i of a database: one every 6 hours from 2023-01-01 on, as the file name's UTC wall clock.
function nameOf(database: number, i: number): { name: string; seconds: number } {
  const seconds = Date.UTC(2023, 0, 1) / 1000 + i * 6 * 3600;
  const d = new Date(seconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}_${p(d.getUTCHours())}0000`;
  return { name: `db_${database}_full_${stamp}.sql.gz`, seconds };
}

let dir: { path: string; remove: () => Promise<void> };
let source: BackupSource;

beforeAll(async () => {
  dir = await tempDir('backups-scale');
  const jobs: Array<[number, number]> = [];
  for (let db = 0; db < DATABASES; db++) for (let i = 0; i < BACKUPS_PER_DATABASE; i++) jobs.push([db, i]);
  const old = Date.now() / 1000 - 86400;
  await mapLimit(jobs, 64, async ([db, i]) => {
    const { name } = nameOf(db, i);
    await writeFile(join(dir.path, name), DUMP);
    await utimes(join(dir.path, name), old, old);
    await writeFile(join(dir.path, `${name}.sha256`), `${HASH}  ${name}\n`);
  });
  const config = backupsConfigSchema.parse([{ path: dir.path, timezone: 'UTC' }]);
  source = new BackupSource(config, silentLogger(), { verifyBytesPerSecond: 0 });
}, 600_000); // writing 100,000 files on a loaded shared machine

afterAll(async () => {
  source?.close();
  await dir?.remove();
});

describe('a directory with 100,000 files', () => {
  it('counts every backup, and again from the caches', async () => {
    for (const families of [await source.collectVerified(), await collectFamilies(source)]) {
      const groups = families.find((f) => f.name === 'pg_backup_files')!.samples;
      expect(groups).toHaveLength(DATABASES);
      for (const db of [0, 42, DATABASES - 1]) {
        const labels = { database: `db_${db}`, type: 'full' };
        expect(valueOf(families, 'pg_backup_files', labels)).toBe(BACKUPS_PER_DATABASE);
        expect(valueOf(families, 'pg_backup_total_size_bytes', labels)).toBe(BACKUPS_PER_DATABASE * DUMP.length);
        expect(valueOf(families, 'pg_backup_oldest_timestamp_seconds', labels)).toBe(nameOf(db, 0).seconds);
        const newest = nameOf(db, BACKUPS_PER_DATABASE - 1).seconds;
        expect(valueOf(families, 'pg_backup_last_timestamp_seconds', labels)).toBe(newest);
        expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', labels)).toBe(newest);
        expect(problemsOf(families, `db_${db}`, 'full')).toEqual({ meta_missing: BACKUPS_PER_DATABASE });
      }
    }
  }, 600_000);
});
