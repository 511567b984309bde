// Verdicts without waiting for the next collection (issue 14 §5) and across restarts (results kept in state_dir).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupSource, backupDirSchema } from '../../../src/collect/backups/index.js';
import { silentLogger } from '../../../src/log.js';
import { dumpBytes, tempDir, valueOf, writeBackup } from './fixture.js';
import type { MetricFamily } from '../../../src/collect/model.js';
import { collectFamilies } from '../../support/collected.js';

const pad = (n: number) => String(n).padStart(2, '0');
const name = (db: string, day: number) => `${db}_full_202401${pad(day)}_020000.sql.gz`;

/** Thirteen 20 KB dumps per database; the newest `bad` of each are corrupt gzip streams with matching checksums. */
async function directory(bad: number): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await tempDir('verdicts');
  for (const db of ['app', 'crm'])
    for (let day = 1; day <= 13; day++) {
      const good = dumpBytes(`-- ${'x'.repeat(20_000)}\nSELECT ${day};\n`);
      const dump = day > 13 - bad ? Buffer.concat([good.subarray(0, 100), Buffer.alloc(100, 7)]) : good;
      await writeBackup(dir.path, name(db, day), { dump, mtime: Date.UTC(2024, 0, day, 2) / 1000 });
    }
  return dir;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function source(path: string, stateDir?: string): BackupSource {
  const entry = backupDirSchema.parse({ path, timezone: 'UTC' });
  const created = new BackupSource([entry], silentLogger(), {
    verifyBytesPerSecond: 0,
    ...(stateDir ? { stateDir } : {}),
  });
  cleanups.push(() => created.close());
  return created;
}

const lastGood = (families: readonly MetricFamily[], database: string) =>
  valueOf(families, 'pg_backup_last_success_timestamp_seconds', { database, type: 'full' });

describe('backup verdicts', () => {
  it('are known after one collection and its verification, even when the newest dumps are bad', async () => {
    const dir = await directory(3);
    cleanups.push(dir.remove);
    const backups = source(dir.path);
    expect(lastGood(await collectFamilies(backups), 'app')).toBeUndefined(); // nothing verified yet
    await (backups as unknown as { verifier: { idle(): Promise<void> } }).verifier.idle();
    const families = await collectFamilies(backups);
    expect(lastGood(families, 'app')).toBe(Date.UTC(2024, 0, 10, 2) / 1000);
    expect(lastGood(families, 'crm')).toBe(Date.UTC(2024, 0, 10, 2) / 1000);
    expect(valueOf(families, 'pg_backup_verification_pending', { database: 'app', type: 'full' })).toBe(0);
  });

  it('survive a restart: unchanged dumps are answered from state_dir at the first collection', async () => {
    const dir = await directory(2);
    cleanups.push(dir.remove);
    const stateDir = join(dir.path, '.state');
    const first = source(dir.path, stateDir);
    await first.collectVerified();
    await first.close();
    const restarted = source(dir.path, stateDir);
    const families = await collectFamilies(restarted);
    expect(lastGood(families, 'app')).toBe(Date.UTC(2024, 0, 11, 2) / 1000);
    expect(valueOf(families, 'pg_backup_problems', { database: 'app', type: 'full', problem: 'corrupt_archive' })).toBe(
      2,
    );
  });
});
