import { afterEach, describe, expect, it } from 'vitest';
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, writeBackup } from '../../e2e/backups/fixture.js';
import { check, perfField, writeConfig } from './harness.js';

const pad = (n: number) => String(n).padStart(2, '0');
/** The file name's timestamp, in the agent's local time as backup-database.sh writes it. */
const stamp = (d: Date) =>
  `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

async function backupDir(ageHours: number): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await tempDir('check-backups');
  const finished = new Date(Date.now() - ageHours * 3_600_000);
  await writeBackup(dir.path, `app_full_${stamp(finished)}.sql.gz`, {
    meta: `database=app\ntype=full\nfinished_at=${finished.toISOString()}\nstatus=success\n`,
    mtime: finished.getTime() / 1000,
  });
  return dir;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function checkBackups(ageHours: number, argv: string[]) {
  const dir = await backupDir(ageHours);
  const config = await writeConfig({ backupDir: dir.path });
  cleanups.push(dir.remove, config.remove);
  return check(argv, config.file);
}

describe('pgwarden check --backups', () => {
  it('a fresh good backup is OK, its age in the perfdata with the rule pack thresholds', async () => {
    const run = await checkBackups(2, ['--backups', '--interval', '1s']);
    expect(run.stdout).toMatch(/^POSTGRES OK - \d+ checks OK \| /);
    expect(run.code).toBe(0);
    const [age, warn, crit, min] = perfField(run.stdout.split('\n')[0]!, 'backup_age_app')!;
    expect(Number(age!.replace(/s$/, ''))).toBeGreaterThanOrEqual(2 * 3600);
    expect([warn, crit, min]).toEqual(['93600', '180000', '0']);
  });

  it('a backup 30 hours old is WARNING (stale after 26 h)', async () => {
    const run = await checkBackups(30, ['--backups', '--interval', '1s']);
    expect(run.stdout).toMatch(/^POSTGRES WARNING - Newest good full backup of app on main is 1d 6h/);
    expect(run.code).toBe(1);
  });

  it('a backup 3 days old is CRITICAL (after 50 h), the warning variant is not repeated', async () => {
    const run = await checkBackups(72, ['--backups', '--json', '--interval', '1s']);
    const doc = JSON.parse(run.stdout) as {
      status: string;
      longmsg: string[];
      checks: { name: string; state: string }[];
    };
    expect([run.code, doc.status]).toEqual([2, 'CRITICAL']);
    expect(doc.longmsg).toEqual([expect.stringMatching(/^CRITICAL: Newest good full backup of app on main is 3d/)]);
    expect(doc.checks.filter((c) => c.name === 'PostgresBackupStale').map((c) => c.state)).toEqual([
      'WARNING',
      'CRITICAL',
    ]);
  });

  it('names each broken file and its problem, in the status line and in the report', async () => {
    const dir = await tempDir('check-backups-broken');
    const config = await writeConfig({ backupDir: dir.path });
    cleanups.push(dir.remove, config.remove);
    const at = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    const good = `shop_full_${stamp(at(3))}.sql.gz`;
    const mismatch = `shop_full_${stamp(at(2))}.sql.gz`;
    const failed = `shop_full_${stamp(at(1))}.sql.gz`;
    await writeBackup(dir.path, good, { mtime: at(3).getTime() / 1000 });
    await writeBackup(dir.path, mismatch, {
      sha256: `${'0'.repeat(64)}  ${mismatch}\n`,
      mtime: at(2).getTime() / 1000,
    });
    await writeBackup(dir.path, failed, { meta: 'status=failed\n', mtime: at(1).getTime() / 1000 });
    const run = await check(['--backups', '--interval', '0'], config.file);
    const lines = run.stdout.split('\n');
    // Two problems of one rule no longer read alike.
    expect(lines[0]).toMatch(
      /^POSTGRES CRITICAL - Broken backup of shop on main \(problem=(checksum_mismatch|failed)\); /,
    );
    expect(lines[0]).toContain('(problem=checksum_mismatch)');
    expect(lines[0]).toContain('(problem=failed)');
    expect(lines).toContain('Backup problems:');
    expect(lines).toContain(`  shop full: checksum mismatch in ${mismatch}`);
    expect(lines).toContain(`  shop full: failed in ${failed}`);
    expect(lines.find((l) => l.startsWith('  shop full: last good '))).toMatch(
      /^ {2}shop full: last good 3h ago, newest 1h ago \(\d+ B\), 3 files$/,
    );
    const json = JSON.parse((await check(['--backups', '--interval', '0', '--json'], config.file)).stdout) as {
      report: { name: string; rows: Record<string, unknown>[] }[];
    };
    const problems = json.report.find((s) => s.name === 'backup_problems')!.rows;
    expect(problems.map((r) => [r.problem, r.example])).toEqual([
      ['checksum_mismatch', mismatch],
      ['failed', failed],
    ]);
  });

  it('--backups without a backup directory is UNKNOWN', async () => {
    const config = await writeConfig();
    cleanups.push(config.remove);
    const run = await check(['--backups'], config.file);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^POSTGRES UNKNOWN - --backups: no backup directory is configured/);
  });

  it('the default run evaluates every rule of the shipped pack, rate rules over a second sample', async () => {
    const run = await checkBackups(2, ['--json', '--interval', '1s']);
    const doc = JSON.parse(run.stdout) as { longmsg: string[]; checks: { name: string; state: string }[] };
    const names = new Set(doc.checks.map((c) => c.name));
    for (const name of ['PostgresDown', 'PostgresDeadlocks', 'PostgresCacheHitRatioLow', 'PostgresBackupStale'])
      expect(names).toContain(name);
    expect(doc.checks.filter((c) => c.state === 'UNKNOWN')).toEqual([]);
    expect(doc.longmsg.filter((l) => l.startsWith('NOTE: not evaluated'))).toEqual([]);
  });
});

describe('pgwarden check --backups with off-site copies', () => {
  it('warns of a dump without an off-site copy, and is OK once the copy is there', async () => {
    const dir = await backupDir(3);
    const copies = await tempDir('check-offsite');
    const config = await writeConfig({
      backupDir: dir.path,
      extra: [`    offsite: { path: ${JSON.stringify(copies.path)}, grace: 1h }`],
    });
    cleanups.push(dir.remove, copies.remove, config.remove);
    const missing = await check(['--backups', '--interval', '1s'], config.file);
    expect(missing.stdout).toMatch(/^POSTGRES WARNING - 1 full backup\(s\) of app on main have no off-site copy/);
    expect(missing.code).toBe(1);
    const [name] = (await readdir(dir.path)).filter((f) => f.endsWith('.sql.gz'));
    await copyFile(join(dir.path, name!), join(copies.path, name!));
    await copyFile(join(dir.path, `${name!}.sha256`), join(copies.path, `${name!}.sha256`));
    const copied = await check(['--backups', '--interval', '1s'], config.file);
    expect(copied.stdout).toMatch(/^POSTGRES OK - /);
  });
});
