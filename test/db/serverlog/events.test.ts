// Each event kind, provoked on a real server whose log goes through the logging collector in all three formats,
// moves its counter in each format's reader.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetFromDsn } from '../../../src/config/load.js';
import type { MetricFamily } from '../../../src/collect/model.js';
import { serverLogSchema } from '../../../src/collect/serverlog/config.js';
import { ServerLogSource } from '../../../src/collect/serverlog/source.js';
import { Target } from '../../../src/collect/target.js';
import * as workload from '../../support/log-workload.js';
import { startLoggingPostgres, type LoggingServer } from '../../support/logging-postgres.js';
import { collectFamilies } from '../../support/collected.js';

const logger = pino({ level: 'silent' });
const FORMATS = [
  ['stderr', '*.log'],
  ['csvlog', '*.csv'],
  ['jsonlog', '*.json'],
] as const;

function value(families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  return (families.find((f) => f.name === name)?.samples ?? [])
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('server log events on a real server (stderr, csvlog, jsonlog)', () => {
  let server: LoggingServer;
  let target: Target;
  let stateDir: string;
  let sources: ServerLogSource[];
  let now = 0;
  const collectAll = () => Promise.all(sources.map((s) => collectFamilies(s, (now += 1), target)));

  beforeAll(async () => {
    server = await startLoggingPostgres();
    target = new Target(targetFromDsn(server.url, 'logged'), logger);
    await target.probe();
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-logstate-'));
    // The stderr reader has no line_prefix: it reads log_line_prefix from the server.
    sources = FORMATS.map(
      ([format, glob]) =>
        new ServerLogSource(
          format,
          serverLogSchema.parse({ path: path.join(server.logDir, glob), format }),
          stateDir,
          logger,
        ),
    );
    await collectAll();
  });
  afterAll(async () => {
    await target?.close();
    await server?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** Runs `provoke`, then collects until `check` holds for every format (the collector writes asynchronously). */
  async function expectMoves(
    provoke: () => Promise<void>,
    check: (before: MetricFamily[], after: MetricFamily[]) => boolean,
  ) {
    const before = await collectAll();
    await provoke();
    let after: MetricFamily[][] = [];
    for (let i = 0; i < 50; i++) {
      after = await collectAll();
      if (after.every((families, f) => check(before[f] as MetricFamily[], families))) return after;
      await workload.sleep(100);
    }
    throw new Error(`not moved in every format: ${FORMATS.map(([f]) => f).join(', ')}`);
  }

  const moved =
    (name: string, labels: Record<string, string> = {}, by = 1) =>
    (b: MetricFamily[], a: MetricFamily[]) =>
      value(a, name, labels) - value(b, name, labels) >= by;

  it('errors by severity and SQLSTATE class, per database and user', async () => {
    const after = await expectMoves(
      () => workload.errors(server.url),
      moved('pg_log_messages_total', { severity: 'ERROR' }, 6),
    );
    for (const families of after) {
      expect(
        value(families, 'pg_log_messages_total', {
          severity: 'ERROR',
          sqlstate_class: '22',
          database: 'postgres',
          user: 'postgres',
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        value(families, 'pg_log_messages_total', { severity: 'ERROR', sqlstate_class: '42' }),
      ).toBeGreaterThanOrEqual(2);
      expect(value(families, 'pg_log_out_of_disk_total')).toBe(1);
      expect(value(families, 'pg_log_out_of_memory_total')).toBe(1);
    }
  });

  it('failed logins by user and client address', async () => {
    const after = await expectMoves(
      () => workload.failedLogins(server.url, 3, 'mallory'),
      moved('pg_log_auth_failures_total', { user: 'mallory' }, 3),
    );
    for (const families of after) {
      expect(value(families, 'pg_log_auth_failures_total', { user: 'mallory', client_addr: '127.0.0.1' })).toBe(3);
    }
  });

  it('connections and disconnections', async () => {
    await expectMoves(
      () => workload.checkpoint(server.url),
      (b, a) => moved('pg_log_connections_total')(b, a) && moved('pg_log_disconnections_total')(b, a),
    );
  });

  it('slow statements, their histogram and the top statements, normalized', async () => {
    const after = await expectMoves(
      () => workload.slowStatements(server.url, 2),
      moved('pg_log_slow_statements_total', {}, 2),
    );
    for (const families of after) {
      expect(value(families, 'pg_log_slow_statement_duration_seconds_count')).toBeGreaterThanOrEqual(2);
      const top = families.find((f) => f.name === 'pg_log_statement_seconds_total')?.samples ?? [];
      const sleepy = top.find((s) => s.labels.query?.startsWith('SELECT pg_sleep'));
      expect(sleepy?.labels.query).toBe('SELECT pg_sleep(?), ? AS n, ? AS s');
      expect(JSON.stringify(top)).not.toContain('literal-');
    }
  });

  it('deadlocks and lock waits', async () => {
    await expectMoves(() => workload.deadlock(server.url), moved('pg_log_deadlocks_total'));
    const after = await expectMoves(() => workload.lockWait(server.url), moved('pg_log_lock_waits_total'));
    for (const families of after) expect(value(families, 'pg_log_lock_wait_seconds_total')).toBeGreaterThanOrEqual(0.2);
  });

  it('temp files and their bytes', async () => {
    await expectMoves(
      () => workload.tempFiles(server.url),
      (b, a) => moved('pg_log_temp_files_total')(b, a) && moved('pg_log_temp_file_bytes_total', {}, 1e6)(b, a),
    );
  });

  it('checkpoints', async () => {
    await expectMoves(() => workload.checkpoint(server.url), moved('pg_log_checkpoints_total'));
  });

  it('autovacuum and autoanalyze runs', async () => {
    await expectMoves(
      () => workload.autovacuum(server.url),
      (b, a) =>
        moved('pg_log_autovacuum_runs_total', { operation: 'vacuum' })(b, a) &&
        moved('pg_log_autovacuum_runs_total', { operation: 'analyze' })(b, a),
    );
  });

  it('archive failures', async () => {
    await expectMoves(() => workload.archiveFailure(server.url), moved('pg_log_archive_failures_total'));
  });

  it('a password in a logged statement is never shown; the statement is normalized', async () => {
    await expectMoves(
      () => workload.passwordStatement(server.url, 'hunter2-secret'),
      moved('pg_log_messages_total', { severity: 'ERROR' }),
    );
    for (const source of sources) {
      const event = source.events().find((e) => e.statement?.startsWith('CREATE ROLE'));
      expect(event?.statement).toBe('CREATE ROLE postgres LOGIN PASSWORD ?');
      expect(JSON.stringify(source.events())).not.toContain('hunter2');
    }
  });

  it('a restarted agent resumes at the saved position: what was written while it was down is counted once', async () => {
    await collectAll();
    await workload.errors(server.url);
    await workload.sleep(300);
    const restarted = FORMATS.map(
      ([format, glob]) =>
        new ServerLogSource(
          format,
          serverLogSchema.parse({ path: path.join(server.logDir, glob), format }),
          stateDir,
          logger,
        ),
    );
    for (const source of restarted) {
      const families = await collectFamilies(source, (now += 1), target);
      expect(value(families, 'pg_log_messages_total', { severity: 'ERROR' })).toBe(workload.PROVOKED_SQLSTATES.length);
    }
  });

  it("the server's own rotation during a burst loses and duplicates nothing", async () => {
    await workload.adminBurstDatabase(server.url);
    const burstUrl = new URL(server.url);
    burstUrl.pathname = '/burst';
    const before = await collectAll();
    const total = 3000;
    const burst = workload.warnings(burstUrl.toString(), total);
    for (let i = 0; i < 6; i++) {
      await workload.rotateLogfile(server.url);
      await collectAll();
      await workload.sleep(150);
    }
    await burst;
    const count = (families: MetricFamily[]) =>
      value(families, 'pg_log_messages_total', { severity: 'WARNING', database: 'burst' });
    let after: MetricFamily[][] = [];
    for (let i = 0; i < 50; i++) {
      after = await collectAll();
      if (after.every((families) => count(families) >= total)) break;
      await workload.sleep(100);
    }
    after.forEach((families, f) => {
      expect(count(families) - count(before[f] as MetricFamily[])).toBe(total);
      expect(value(families, 'pg_log_rotations_total')).toBeGreaterThan(
        value(before[f] as MetricFamily[], 'pg_log_rotations_total'),
      );
    });
  });

  it('a crash restart, a shutdown and a start', async () => {
    await expectMoves(
      () => workload.crashBackend(server.url),
      (b, a) => moved('pg_log_crash_restarts_total')(b, a) && moved('pg_log_server_starts_total')(b, a),
    );
    // A restart writes a new file per format: the reader follows it.
    await expectMoves(
      () => server.restart(),
      (b, a) => moved('pg_log_server_shutdowns_total')(b, a) && moved('pg_log_server_starts_total')(b, a),
    );
  });
});
