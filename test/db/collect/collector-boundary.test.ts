// One collector boundary for every kind (issue 14 §6): a throwing SQL collector and a throwing non-SQL source (the
// server log, run in the same slot and runner as the backups) both end as pg_scrape_collector_success 0 with a
// duration, one log line each, and a scrape that still serves everything else, on a real PostgreSQL. A broken backup
// directory is data, not a throw: the backups collector succeeds and reports the problems.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupSource, backupDirSchema } from '../../../src/collect/backups/index.js';
import type { Sampler } from '../../../src/collect/sampler.js';
import { serverLogSchema } from '../../../src/collect/serverlog/config.js';
import { positionFile, ServerLogSource } from '../../../src/collect/serverlog/source.js';
import { capturingLogger, tempDir, writeBackup } from '../../e2e/backups/fixture.js';
import { parseExposition, samplesOf } from '../../support/exposition.js';
import { brokenDefinition, makeSampler, shippedDefinitions } from '../../support/agent-parts.js';
import { testDatabaseUrl, testTarget } from '../../support/postgres.js';

const cleanups: Array<() => Promise<unknown>> = [];
let sampler: Sampler | undefined;
afterEach(async () => {
  sampler?.stop();
  await sampler?.target.close();
  sampler = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A broken backup directory: no checksum, a failed run, a meta that is not key=value; and in state_dir a verification
 * cache and a drill history whose entries are null. Those two made the source throw (the first as an unhandled
 * rejection that ended the agent at start); an entry that cannot be used is now dropped.
 */
async function brokenBackupDirectory(logger: ReturnType<typeof capturingLogger>['logger']): Promise<BackupSource> {
  const dir = await tempDir('boundary');
  cleanups.push(dir.remove);
  await writeBackup(dir.path, 'shop_full_20240115_020000.sql.gz', { sha256: null, meta: 'status=failed\n' });
  await writeBackup(dir.path, 'shop_schema_20240115_020000.sql.gz', { meta: Buffer.from([0xff, 0xfe, 0x00]) });
  const stateDir = join(dir.path, '.state');
  await mkdir(stateDir);
  await writeFile(join(stateDir, 'backup-verifications.json'), '{"shop_full_20240115_020000.sql.gz": null}');
  await mkdir(join(stateDir, 'restore-drills'));
  await writeFile(join(stateDir, 'restore-drills', 'history.json'), '{"verdicts": {"shop\\u0000full": null}}');
  const entry = backupDirSchema.parse({ path: dir.path, restore_test: { server: testDatabaseUrl() } });
  const restore = { stateDir, monitored: [], scheduled: false };
  const source = new BackupSource([entry], logger, { stateDir, restore });
  cleanups.push(() => source.close());
  return source;
}

/** A server log whose saved position in state_dir is not JSON: the source refuses to guess where to resume. */
async function throwingLogSource(logger: ReturnType<typeof capturingLogger>['logger']): Promise<{
  source: ServerLogSource;
  repair: () => Promise<void>;
}> {
  const dir = await tempDir('boundary-log');
  cleanups.push(dir.remove);
  const logFile = join(dir.path, 'postgresql.log');
  await writeFile(logFile, '2026-12-04 14:21:40.001 UTC [1001] ERROR:  something broke\n');
  const config = serverLogSchema.parse({ path: logFile, line_prefix: '%m [%p] ' });
  const position = positionFile(dir.path, 'test');
  await mkdir(join(dir.path, 'serverlog'));
  await writeFile(position, '{"version": 1, "current": ');
  return {
    source: new ServerLogSource('test', config, dir.path, logger),
    repair: () => writeFile(position, '{"version": 1, "current": null, "finished": []}'),
  };
}

const byCollector = (parsed: ReturnType<typeof parseExposition>, name: string) =>
  Object.fromEntries(samplesOf(parsed, name).map((s) => [s.labels.collector, s.value]));

describe('one collector boundary for SQL, backup and server log collectors', () => {
  it('reports each failure with the same families, logs it once, and never fails the scrape', async () => {
    const { logger, lines } = capturingLogger();
    const backups = await brokenBackupDirectory(logger);
    const log = await throwingLogSource(logger);
    sampler = makeSampler(testTarget(), [brokenDefinition(), ...shippedDefinitions(['stat_database'])], {
      logger,
      extraSources: [backups, log.source],
    });
    await sampler.collect();
    const parsed = parseExposition((await sampler.collect()).body.toString());

    expect(samplesOf(parsed, 'pg_up')[0]?.value).toBe(1);
    expect(samplesOf(parsed, 'pg_stat_database_xact_commit').length).toBeGreaterThan(0);
    expect(byCollector(parsed, 'pg_scrape_collector_success')).toEqual({
      broken: 0,
      stat_database: 1,
      backups: 1,
      serverlog: 0,
    });
    const durations = byCollector(parsed, 'pg_scrape_collector_duration_seconds');
    expect(Object.keys(durations).sort()).toEqual(['backups', 'broken', 'serverlog', 'stat_database']);
    for (const seconds of Object.values(durations)) expect(seconds).toBeGreaterThanOrEqual(0);
    // A failed collector contributes no families of its own; the broken backups are data.
    expect(parsed.types.has('pg_log_file_readable')).toBe(false);
    const problems = samplesOf(parsed, 'pg_backup_problems').filter((s) => s.value > 0);
    expect(problems.map((s) => `${s.labels.type}:${s.labels.problem}`).sort()).toEqual([
      'full:checksum_missing',
      'full:failed',
      'schema:meta_invalid',
    ]);

    // Two collections, the same two errors: one line each, with the target and the collector named.
    const failures = lines.filter((l) => l.msg === 'collector failed');
    expect(failures.map((l) => l.collector).sort()).toEqual(['broken', 'serverlog']);
    expect(failures.every((l) => l.target === 'test')).toBe(true);
    const errorOf = (collector: string) => String(failures.find((l) => l.collector === collector)?.err);
    expect(errorOf('broken')).toContain('no_such_table');
    expect(errorOf('serverlog')).toContain('cannot read state file');
    expect(sampler.lastError('serverlog')).toBe(errorOf('serverlog'));
    expect(sampler.lastError('backups')).toBeUndefined();

    // The saved position repaired: the server log collector recovers (one line), the SQL one still fails, unlogged.
    await log.repair();
    const repaired = parseExposition((await sampler.collect()).body.toString());
    expect(byCollector(repaired, 'pg_scrape_collector_success')).toMatchObject({ serverlog: 1, broken: 0 });
    expect(samplesOf(repaired, 'pg_log_file_readable')[0]?.value).toBe(1);
    expect(lines.filter((l) => l.msg === 'collector recovered').map((l) => l.collector)).toEqual(['serverlog']);
    expect(lines.filter((l) => l.msg === 'collector failed')).toHaveLength(2);
  });
});
