// `npm run bench -- sqlcost`: what one collection costs the monitored server (issue 21), against postgres_exporter's
// scrape with per-table queries, on the same small fixture in the same run, each side under its own role so that
// pg_stat_statements (with track_planning) separates them. Prints tables for docs/benchmarks.md; asserts no timing.
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/demo/embedded-postgres.js';
import { freePort } from '../src/demo/free-port.js';
import { loadDefinitions } from '../src/collect/definition.js';
import { packageRoot, shippedCollectorsDir } from '../src/paths.js';
import { BENCH_ROLE, BENCH_SERVER_FLAGS, benchUrl, buildFixture, SCALES, type Scale, withClient } from './fixture.js';
import { betweenCollections, metricValue, scrape, sleep, startAgent, startProcess, waitForMetrics } from './measure.js';
import {
  byDatabase,
  byQueryid,
  collectorOf,
  collectorTexts,
  resetRoleStatements,
  roleStatements,
  type StatementRow,
} from './sqlcost-statements.js';

const INTERVAL_MS = 5000;
/** Collections (and postgres_exporter scrapes) per measurement: 12 × 5 s spans one refresh of the 60 s caches. */
const COLLECTIONS = Number(process.env.PGWARDEN_BENCH_SQLCOST_COLLECTIONS ?? 12);
const REPEATS = Number(process.env.PGWARDEN_BENCH_SQLCOST_REPEATS ?? 2);
const REFERENCE_EXPORTER = '/usr/bin/prometheus-postgres-exporter';
const EXPORTER_ROLE = 'postgres_exporter_bench';
const EXPORTER_PASSWORD = 'bench-only-password';
const EXPORTER_QUERIES = path.join(packageRoot(), 'bench', 'postgres-exporter-queries.yaml');

/**
 * pgwarden's collectors that cover what postgres_exporter 0.11.1 collects by default (database sizes, pg_settings,
 * pg_stat_database, bgwriter/checkpointer, archiver, pg_locks, pg_stat_activity, replication and its slots) plus the
 * four per-table queries of bench/postgres-exporter-queries.yaml.
 */
export const EQUAL_COVERAGE = [
  'database',
  'settings',
  'stat_database',
  'stat_bgwriter',
  'stat_checkpointer',
  'stat_archiver',
  'locks',
  'stat_activity',
  'stat_replication',
  'replication_slots',
  'stat_user_tables',
  'statio_user_tables',
  'stat_user_indexes',
  'statio_user_indexes',
];

/** Collector overrides that read relation sizes in every collection, as before late_columns_cache_seconds. */
const SIZES_EVERY_COLLECTION = [
  'stat_user_tables: { late_columns_cache_seconds: 0 }',
  'stat_user_indexes: { late_columns_cache_seconds: 0 }',
];

const log = (m: string) => process.stderr.write(`bench sqlcost: ${m}\n`);

interface Measurement {
  readonly side: string;
  readonly repeat: number;
  /** Collections (pgwarden) or scrapes (postgres_exporter) the statements belong to. */
  readonly rounds: number;
  readonly rows: StatementRow[];
  readonly load: number;
}

const sum = (rows: readonly StatementRow[], f: (r: StatementRow) => number) => rows.reduce((n, r) => n + f(r), 0);

async function measurePgwarden(
  side: string,
  repeat: number,
  dsn: string,
  adminUrl: string,
  disable: readonly string[],
  overrides: readonly string[] = [],
): Promise<Measurement> {
  const collectorLines = [
    ...(disable.length ? [`  disable: [${disable.join(', ')}]`] : []),
    ...(overrides.length ? ['  overrides:', ...overrides.map((o) => `    ${o}`)] : []),
  ];
  const disabled = collectorLines.length ? `collectors:\n${collectorLines.join('\n')}\n` : '';
  const { child, base } = await startAgent(
    dsn,
    (dir) => `collection_interval: ${INTERVAL_MS / 1000}s\nstate_dir: ${dir}/state\n${disabled}`,
  );
  try {
    const url = `${base}/metrics`;
    await waitForMetrics(url);
    // Past the first collection (the caches' fill) and the second (its tick comes at the target's phase).
    const first = await betweenCollections(url, INTERVAL_MS, 1500);
    while ((await betweenCollections(url, INTERVAL_MS, 1500)).total < first.total + 2) await sleep(500);
    const before = await betweenCollections(url, INTERVAL_MS, 1500);
    await resetRoleStatements(adminUrl, BENCH_ROLE);
    for (;;) {
      const total = metricValue((await scrape(url)).text, 'pgwarden_collections_total') ?? 0;
      if (total >= before.total + COLLECTIONS) break;
      await sleep(1000);
    }
    const after = await betweenCollections(url, INTERVAL_MS, 1500);
    const rows = await roleStatements(adminUrl, BENCH_ROLE);
    return { side, repeat, rounds: after.total - before.total, rows, load: os.loadavg()[0] as number };
  } finally {
    child.kill('SIGTERM');
  }
}

async function measureExporter(repeat: number, dsn: string, adminUrl: string): Promise<Measurement> {
  const port = await freePort();
  const child = startProcess(
    REFERENCE_EXPORTER,
    [`--web.listen-address=127.0.0.1:${port}`, '--auto-discover-databases', `--extend.query-path=${EXPORTER_QUERIES}`],
    { DATA_SOURCE_NAME: dsn },
  );
  try {
    const url = `http://127.0.0.1:${port}/metrics`;
    await waitForMetrics(url);
    await scrape(url); // its connections to every database are open from here on
    await resetRoleStatements(adminUrl, EXPORTER_ROLE);
    for (let i = 0; i < COLLECTIONS; i += 1) {
      await scrape(url);
      await sleep(INTERVAL_MS);
    }
    const rows = await roleStatements(adminUrl, EXPORTER_ROLE);
    return { side: 'postgres_exporter', repeat, rounds: COLLECTIONS, rows, load: os.loadavg()[0] as number };
  } finally {
    child.kill('SIGTERM');
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function summaryTable(results: readonly Measurement[]): string {
  const lines = [
    '| side | repeat | rounds | exec ms | plan ms | exec + plan ms | ÷ postgres_exporter | statements | calls | load (1 min) |',
    '|' + ' --- |'.repeat(10),
  ];
  for (const m of results) {
    const exec = sum(m.rows, (r) => r.execMs) / m.rounds;
    const plan = sum(m.rows, (r) => r.planMs) / m.rounds;
    const reference = results.find((r) => r.side === 'postgres_exporter' && r.repeat === m.repeat);
    const referenceMs = reference ? sum(reference.rows, (r) => r.execMs + r.planMs) / reference.rounds : NaN;
    const statements = new Set(m.rows.map((r) => r.queryid)).size;
    const calls = sum(m.rows, (r) => r.calls) / m.rounds;
    lines.push(
      `| ${m.side} | ${m.repeat} | ${m.rounds} | ${fmt(exec)} | ${fmt(plan)} | ${fmt(exec + plan)} | ${fmt((exec + plan) / referenceMs, 2)} | ${statements} | ${fmt(calls)} | ${fmt(m.load, 2)} |`,
    );
  }
  return lines.join('\n');
}

function topTable(m: Measurement, texts: ReadonlyMap<string, string>, top = 12): string {
  const label = m.side === 'postgres_exporter' ? (q: string) => q.replace(/\s+/g, ' ').slice(0, 60) : undefined;
  const summaries = byQueryid(m.rows, label ?? ((q) => collectorOf(q, texts)));
  const lines = [
    `${m.side}, repeat ${m.repeat}: top statements by execution + planning, per round`,
    '| queryid | statement | databases | calls | exec ms | plan ms | mean ms per call |',
    '|' + ' --- |'.repeat(7),
  ];
  for (const s of summaries.slice(0, top)) {
    const per = (v: number) => v / m.rounds;
    lines.push(
      `| ${s.queryid} | ${s.label} | ${s.databases} | ${fmt(per(s.calls))} | ${fmt(per(s.execMs), 2)} | ${fmt(per(s.planMs), 2)} | ${fmt((s.execMs + s.planMs) / s.calls, 3)} |`,
    );
  }
  const databases = [...byDatabase(m.rows)].map(
    ([name, v]) => `${name} ${fmt(v.execMs / m.rounds)} + ${fmt(v.planMs / m.rounds)}`,
  );
  lines.push('', `per database (exec + plan ms per round): ${databases.join('; ')}`);
  return lines.join('\n');
}

function createExporterRole(adminUrl: string): Promise<unknown> {
  return withClient(adminUrl, (c) =>
    c.query(`DO $$ BEGIN CREATE ROLE ${EXPORTER_ROLE} LOGIN PASSWORD '${EXPORTER_PASSWORD}' IN ROLE pg_monitor;
             EXCEPTION WHEN duplicate_object THEN NULL; END $$`),
  );
}

export async function runSqlCostBench(): Promise<void> {
  const scale = SCALES.small as Scale;
  const server = await startEmbeddedPostgres({ extraFlags: BENCH_SERVER_FLAGS });
  log(`PostgreSQL ${server.version} on port ${server.port}; ${os.cpus().length} cores`);
  try {
    const databases = await buildFixture(server.url, scale, log);
    await createExporterRole(server.url);
    const dsn = benchUrl(server.url, databases[0] as string);
    const exporterUrl = new URL(dsn);
    exporterUrl.username = EXPORTER_ROLE;
    exporterUrl.password = EXPORTER_PASSWORD;
    exporterUrl.searchParams.set('sslmode', 'disable');
    const shipped = loadDefinitions([shippedCollectorsDir()]).definitions.map((d) => d.name);
    const outside = shipped.filter((name) => !EQUAL_COVERAGE.includes(name));
    const results: Measurement[] = [];
    for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
      log(`repeat ${repeat}: pgwarden, all default collectors`);
      results.push(await measurePgwarden('pgwarden full', repeat, dsn, server.url, []));
      log(`repeat ${repeat}: pgwarden, equal coverage`);
      results.push(await measurePgwarden('pgwarden equal coverage', repeat, dsn, server.url, outside));
      log(`repeat ${repeat}: pgwarden, equal coverage, sizes read by every collection (before their cache)`);
      const side = 'pgwarden equal coverage, sizes every collection';
      results.push(await measurePgwarden(side, repeat, dsn, server.url, outside, SIZES_EVERY_COLLECTION));
      log(`repeat ${repeat}: postgres_exporter`);
      results.push(await measureExporter(repeat, exporterUrl.toString(), server.url));
    }
    const texts = collectorTexts(Math.floor(Number(server.version.split('.')[0])));
    const tops = results.filter((m) => m.repeat === 1).map((m) => topTable(m, texts));
    process.stdout.write(
      `small scale (${scale.databases} databases × ${scale.tablesPerDatabase} tables), PostgreSQL ${server.version}; ` +
        `${COLLECTIONS} collections (pgwarden, every ${INTERVAL_MS / 1000} s) or scrapes (postgres_exporter) per row; ` +
        `ms are per collection or scrape\n\n${summaryTable(results)}\n\n${tops.join('\n\n')}\n`,
    );
  } finally {
    await server.stop();
  }
}
