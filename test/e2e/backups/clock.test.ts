// Files that another clock wrote (mtime in the future), symlinks to nothing and dump names with impossible dates:
// clamped or reported, each with a problem metric and one log line, never silently ignored or trusted.
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupSource, backupsConfigSchema } from '../../../src/collect/backups/index.js';
import type { MetricFamily } from '../../../src/collect/model.js';
import { capturingLogger, tempDir, valueOf, writeBackup } from './fixture.js';

const YEAR_2099 = Date.UTC(2099, 0, 1) / 1000;
const FUTURE_DUMP = 'shop_full_20240110_020000.sql.gz';
const WAL_SEGMENT = '000000010000000000000001';

describe('a backup directory written by a clock ahead of ours', () => {
  const { logger, lines } = capturingLogger('info');
  let dir: { path: string; remove: () => Promise<void> };
  let source: BackupSource;
  let wal: string;
  const start = Date.now();
  let first: MetricFamily[];
  let settled: MetricFamily[];

  beforeAll(async () => {
    dir = await tempDir('backups-clock');
    await writeBackup(dir.path, FUTURE_DUMP, { mtime: YEAR_2099 });
    await writeBackup(dir.path, 'shop_full_20240109_020000.sql.gz');
    await symlink(join(dir.path, 'gone.sql.gz'), join(dir.path, 'shop_full_20240111_020000.sql.gz'));
    await writeFile(join(dir.path, 'shop_full_20241340_250000.sql.gz'), 'a name with month 13 and hour 25');
    wal = join(dir.path, 'wal_archive');
    await mkdir(wal);
    await writeFile(join(wal, WAL_SEGMENT), Buffer.alloc(16, 1));
    await utimes(join(wal, WAL_SEGMENT), YEAR_2099, YEAR_2099);
    await symlink(join(dir.path, 'elsewhere'), join(wal, '000000010000000000000002'));
    const config = backupsConfigSchema.parse([{ path: dir.path, timezone: 'UTC', retention: '30d' }]);
    source = new BackupSource(config, logger, { verifyBytesPerSecond: 0, settleSeconds: 60 });
    first = await source.collectVerified(start);
    // A minute and a bit later (by the agent's clock), the dump dated 2099 has settled.
    settled = await source.collectVerified(start + 61_000);
  });
  afterAll(async () => {
    source?.close();
    await dir?.remove();
  });

  it('judges a dump with a future mtime from when it was first seen: pending for the settle time, then good', () => {
    const shop = { database: 'shop', type: 'full' };
    expect(valueOf(first, 'pg_backup_last_success_timestamp_seconds', shop)).toBe(Date.UTC(2024, 0, 9, 2) / 1000);
    expect(valueOf(first, 'pg_backup_verification_pending', shop)).toBe(1);
    expect(valueOf(settled, 'pg_backup_last_success_timestamp_seconds', shop)).toBe(Date.UTC(2024, 0, 10, 2) / 1000);
    expect(valueOf(settled, 'pg_backup_verification_pending', shop)).toBe(0);
  });

  it('clamps the WAL archive time to when the file was first seen, not 2099', () => {
    const last = valueOf(settled, 'pg_wal_archive_last_timestamp_seconds', { path: wal }) as number;
    expect(last).toBeGreaterThanOrEqual(Math.floor(start / 1000) - 1);
    expect(last).toBeLessThanOrEqual(start / 1000);
  });

  it('counts each problem per directory', () => {
    const problem = (path: string, name: string) =>
      valueOf(settled, 'pg_backup_directory_problems', { path, problem: name });
    expect({
      dumps: [
        problem(dir.path, 'future_mtime'),
        problem(dir.path, 'dangling_symlink'),
        problem(dir.path, 'impossible_date'),
      ],
      wal: [problem(wal, 'future_mtime'), problem(wal, 'dangling_symlink'), problem(wal, 'impossible_date')],
    }).toEqual({ dumps: [1, 1, 1], wal: [1, 1, 0] });
  });

  it('logs each problem once, naming a file', () => {
    const logged = lines
      .filter((l) => l.problem !== undefined && l.path !== undefined)
      .map((l) => [l.path === wal ? 'wal' : 'dumps', l.problem, l.example, l.level]);
    expect(logged).toEqual(
      expect.arrayContaining([
        ['dumps', 'future_mtime', FUTURE_DUMP, 'warn'],
        ['dumps', 'dangling_symlink', 'shop_full_20240111_020000.sql.gz', 'warn'],
        ['dumps', 'impossible_date', 'shop_full_20241340_250000.sql.gz', 'warn'],
        ['wal', 'future_mtime', WAL_SEGMENT, 'warn'],
        ['wal', 'dangling_symlink', '000000010000000000000002', 'warn'],
      ]),
    );
    expect(logged).toHaveLength(5);
  });
});
