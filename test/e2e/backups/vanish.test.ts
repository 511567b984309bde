// Directories that are missing, or disappear between and during scans, are metric values, not crashes.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupSource, backupsConfigSchema } from '../../../src/collect/backups/index.js';
import { capturingLogger, series, tempDir, valueOf, writeBackup } from './fixture.js';
import { collectFamilies } from '../../support/collected.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sourceFor(entries: unknown[], logger = capturingLogger().logger): Promise<BackupSource> {
  const source = new BackupSource(backupsConfigSchema.parse(entries), logger, { verifyBytesPerSecond: 0 });
  cleanups.push(async () => source.close());
  return source;
}

describe('missing and vanishing directories', () => {
  it('reports a directory that does not exist, logging it once', async () => {
    const dir = await tempDir('vanish');
    cleanups.push(dir.remove);
    const missing = join(dir.path, 'nope');
    const wal = join(dir.path, 'no-wal');
    const { logger, lines } = capturingLogger();
    const source = await sourceFor([{ path: missing, wal_archive: wal }], logger);
    for (let i = 0; i < 3; i++) {
      const families = await collectFamilies(source);
      expect(series(families, 'pg_backup_directory_up')).toEqual({
        [JSON.stringify({ path: missing })]: 0,
        [JSON.stringify({ path: wal })]: 0,
      });
      expect(families.map((f) => f.name)).toEqual(['pg_backup_directory_up']);
    }
    const logged = lines.filter((l) => l.msg === 'backup directory cannot be read');
    expect(logged.map((l) => [l.path, l.error])).toEqual([
      [missing, 'ENOENT'],
      [wal, 'ENOENT'],
    ]);
  });

  it('reports a directory removed between scans as down, and logs its return', async () => {
    const dir = await tempDir('vanish');
    cleanups.push(dir.remove);
    await writeBackup(dir.path, 'app_full_20240112_020000.sql.gz');
    const { logger, lines } = capturingLogger();
    const source = await sourceFor([{ path: dir.path }], logger);
    const before = await source.collectVerified();
    expect(valueOf(before, 'pg_backup_directory_up', { path: dir.path })).toBe(1);
    expect(valueOf(before, 'pg_backup_files', { database: 'app', type: 'full' })).toBe(1);

    await rm(dir.path, { recursive: true });
    const after = await collectFamilies(source);
    expect(valueOf(after, 'pg_backup_directory_up', { path: dir.path })).toBe(0);
    expect(series(after, 'pg_backup_files')).toEqual({});

    await mkdir(dir.path);
    await writeBackup(dir.path, 'app_full_20240113_020000.sql.gz');
    const back = await collectFamilies(source);
    expect(valueOf(back, 'pg_backup_directory_up', { path: dir.path })).toBe(1);
    expect(lines.map((l) => [l.level, l.msg])).toContainEqual(['info', 'resolved: backup directory cannot be read']);
  });

  it('survives a directory removed while it is being scanned', async () => {
    const dir = await tempDir('vanish');
    cleanups.push(dir.remove);
    for (let i = 0; i < 300; i++) {
      const name = `app_full_20240112_${String(Math.floor(i / 60)).padStart(2, '0')}${String(i % 60).padStart(2, '0')}00.sql.gz`;
      await writeBackup(dir.path, name);
    }
    const source = await sourceFor([{ path: dir.path }]);
    const collecting = collectFamilies(source);
    await rm(dir.path, { recursive: true, force: true });
    const families = await collecting;
    const up = valueOf(families, 'pg_backup_directory_up', { path: dir.path });
    // Whichever happened first, the answer is an answer: down with no backups, or up with what was still there.
    if (up === 0) expect(series(families, 'pg_backup_files')).toEqual({});
    else expect(valueOf(families, 'pg_backup_files', { database: 'app', type: 'full' }) ?? 0).toBeLessThanOrEqual(300);
    const later = await collectFamilies(source);
    expect(valueOf(later, 'pg_backup_directory_up', { path: dir.path })).toBe(0);
  });
});
