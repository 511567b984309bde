import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const pad = (n: number) => String(n).padStart(2, '0');

function stamp(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}_${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

function writeBackup(dir: string, database: string, type: string, finished: Date, sql: string, status: string): void {
  const name = `${database}_${type}_${stamp(finished)}.sql.gz`;
  const dump = gzipSync(Buffer.from(sql));
  writeFileSync(path.join(dir, name), dump);
  writeFileSync(path.join(dir, `${name}.sha256`), `${createHash('sha256').update(dump).digest('hex')}  ${name}\n`);
  const started = new Date(finished.getTime() - 42_000);
  const meta = [
    `database=${database}`,
    `type=${type}`,
    `started_at=${started.toISOString()}`,
    `finished_at=${finished.toISOString()}`,
    'duration_seconds=42',
    `size_bytes=${dump.length}`,
    `status=${status}`,
    `verified=${status === 'success'}`,
  ];
  writeFileSync(path.join(dir, `${name}.meta`), meta.join('\n') + '\n');
  // Files carry the time the job wrote them, as real ones would (a fresh mtime reads as "still being written").
  for (const file of [name, `${name}.sha256`, `${name}.meta`]) utimesSync(path.join(dir, file), finished, finished);
}

/**
 * A backup directory in the format our users' backup-database.sh writes (see DESIGN.md §5), so the demo shows the
 * backup metrics: nightly full dumps of the last three days, a schema dump, a failed run, and a WAL archive.
 */
export function createDemoBackupDir(database: string, sql: string, now = new Date()): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-demo-backups-'));
  for (let daysAgo = 3; daysAgo >= 1; daysAgo -= 1) {
    const night = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo + 1, 2, 0, 0);
    if (night > now) night.setDate(night.getDate() - 1);
    writeBackup(dir, database, 'full', night, sql, 'success');
    writeBackup(dir, database, 'schema', new Date(night.getTime() + 60_000), sql.split('\n')[0] ?? '', 'success');
  }
  writeBackup(dir, database, 'full', new Date(now.getTime() - 3_600_000), '', 'failed');
  const wal = path.join(dir, 'wal_archive');
  mkdirSync(wal);
  for (let i = 1; i <= 4; i += 1) writeFileSync(path.join(wal, `00000001000000000000000${i}`), Buffer.alloc(1024));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
