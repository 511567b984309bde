// Fidelity against pgBadger (Debian's pgbadger): one real server writes its log in stderr, csvlog and jsonlog at once
// while a workload provokes every counted event kind; pgwarden's counts on each file equal pgBadger's report on the
// same file. Differences in what the two count are explained in docs/server-log.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../src/collect/model.js';
import { analyzeLogFile } from '../../src/collect/serverlog/analyze.js';
import type { LogFormat } from '../../src/collect/serverlog/records.js';
import * as workload from '../support/log-workload.js';
import { startLoggingPostgres, TEST_LINE_PREFIX, type LoggingServer } from '../support/logging-postgres.js';

type Report = Record<string, Record<string, Record<string, unknown>> | number>;

const FORMATS: readonly [LogFormat, string, string][] = [
  ['stderr', 'log', 'stderr'],
  ['csvlog', 'csv', 'csv'],
  ['jsonlog', 'json', 'jsonlog'],
];

function sum(families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  return (families.find((f) => f.name === name)?.samples ?? [])
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

/** pgBadger's JSON report on one file (-x json), per database "postgres" where it keeps counts per log source. */
function pgbadger(file: string, format: string, out: string): Report {
  // --pid-dir: pgBadger refuses to start while another run's pid file sits in /tmp.
  const args = [
    '-q',
    '--pid-dir',
    path.dirname(out),
    '-f',
    format,
    '-x',
    'json',
    '-o',
    out,
    '--prefix',
    TEST_LINE_PREFIX,
    file,
  ];
  const result = spawnSync('pgbadger', args, { encoding: 'utf8', timeout: 120_000 });
  expect(result.error, 'pgbadger must be installed (Debian package pgbadger)').toBeUndefined();
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

/** The counts pgBadger reports, in pgwarden's terms. */
function pgbadgerCounts(report: Report): Record<string, number> {
  const of = (key: string) =>
    ((report[key] as Record<string, Record<string, unknown>>)?.postgres ?? {}) as Record<string, unknown>;
  const logsType = of('logs_type') as Record<string, number>;
  const errors = Object.entries(of('error_info')).map(([text, info]) => {
    const chronos = (info as { chronos: Record<string, Record<string, { count: number }>> }).chronos;
    const count = Object.values(chronos)
      .flatMap((day) => Object.values(day))
      .reduce((n, h) => n + h.count, 0);
    return [text, count] as const;
  });
  const errorsMatching = (re: RegExp) => errors.filter(([text]) => re.test(text)).reduce((n, [, c]) => n + c, 0);
  const checkpoints = (report.checkpoint_info as unknown as { starting: Record<string, number> }).starting;
  const temp = of('tempfile_info') as { count?: number; size?: number };
  const lock = of('lock_info') as Record<string, { count: number }>;
  return {
    LOG: logsType.LOG ?? 0,
    WARNING: logsType.WARNING ?? 0,
    ERROR: logsType.ERROR ?? 0,
    FATAL: logsType.FATAL ?? 0,
    PANIC: logsType.PANIC ?? 0,
    slow_statements: (report.overall_stat as unknown as { queries_number: number }).queries_number,
    connections: Number(of('connection_info').count ?? 0),
    disconnections: Number(of('session_info').count ?? 0),
    temp_files: temp.count ?? 0,
    temp_file_bytes: temp.size ?? 0,
    checkpoints: Object.values(checkpoints).reduce((n, c) => n + c, 0),
    autovacuum: Number(of('autovacuum_info').count ?? 0),
    autoanalyze: Number(of('autoanalyze_info').count ?? 0),
    lock_waits: Object.values(lock).reduce((n, l) => n + l.count, 0),
    deadlocks: errorsMatching(/deadlock detected/),
    auth_failures: errorsMatching(/authentication failed/),
    out_of_disk: errorsMatching(/No space left on device/),
    out_of_memory: errorsMatching(/^ERROR: {2}out of memory/),
  };
}

function pgwardenCounts(families: readonly MetricFamily[]): Record<string, number> {
  const severity = (s: string) => sum(families, 'pg_log_messages_total', { severity: s });
  return {
    LOG: severity('LOG'),
    WARNING: severity('WARNING'),
    ERROR: severity('ERROR'),
    FATAL: severity('FATAL'),
    PANIC: severity('PANIC'),
    slow_statements: sum(families, 'pg_log_slow_statements_total'),
    connections: sum(families, 'pg_log_connections_total'),
    disconnections: sum(families, 'pg_log_disconnections_total'),
    temp_files: sum(families, 'pg_log_temp_files_total'),
    temp_file_bytes: sum(families, 'pg_log_temp_file_bytes_total'),
    checkpoints: sum(families, 'pg_log_checkpoints_total'),
    autovacuum: sum(families, 'pg_log_autovacuum_runs_total', { operation: 'vacuum' }),
    autoanalyze: sum(families, 'pg_log_autovacuum_runs_total', { operation: 'analyze' }),
    lock_waits: sum(families, 'pg_log_lock_waits_total'),
    deadlocks: sum(families, 'pg_log_deadlocks_total'),
    auth_failures: sum(families, 'pg_log_auth_failures_total'),
    out_of_disk: sum(families, 'pg_log_out_of_disk_total'),
    out_of_memory: sum(families, 'pg_log_out_of_memory_total'),
  };
}

describe('server log counts equal pgBadger on the same files', () => {
  let server: LoggingServer;
  let dir: string;

  beforeAll(async () => {
    server = await startLoggingPostgres();
    dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-pgbadger-'));
    await workload.errors(server.url);
    await workload.warnings(server.url, 5);
    await workload.failedLogins(server.url, 4, 'mallory');
    await workload.slowStatements(server.url, 3);
    await workload.deadlock(server.url);
    await workload.lockWait(server.url);
    await workload.tempFiles(server.url);
    await workload.checkpoint(server.url);
    await workload.autovacuum(server.url);
    await workload.passwordStatement(server.url, 'hunter2');
    // A clean stop flushes every file.
    await server.stop(true);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(FORMATS)('%s', async (format, extension, pgbadgerFormat) => {
    const name = readdirSync(server.logDir).find((n) => n.endsWith(`.${extension}`)) as string;
    const file = path.join(server.logDir, name);
    const report = pgbadger(file, pgbadgerFormat, path.join(dir, `${extension}.json`));
    const analysis = await analyzeLogFile(file, format, TEST_LINE_PREFIX);
    expect(analysis.unparsed).toBe(0);
    const theirs = pgbadgerCounts(report);
    const ours = pgwardenCounts(analysis.families);
    expect(ours).toEqual(theirs);
    // Every kind happened, so an equal zero on both sides proves nothing about that kind.
    for (const [kind, count] of Object.entries(ours)) if (kind !== 'PANIC') expect(count, kind).toBeGreaterThan(0);
  });
});
