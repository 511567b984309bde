// `npm run bench`: builds a fixture database at two scales, runs the agent against it, and prints what it costs.
// Numbers go into docs/benchmarks.md by hand, with the scale and machine; nothing here asserts a timing.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { startEmbeddedPostgres } from '../src/demo/embedded-postgres.js';
import { freePort } from '../src/demo/free-port.js';
import {
  agentStatementStats,
  BENCH_SERVER_FLAGS,
  benchUrl,
  buildFixture,
  resetStatements,
  SCALES,
  type Scale,
} from './fixture.js';
import {
  betweenCollections,
  collectionOf,
  type CollectionSeen,
  quantile,
  metricValue,
  rssBytes,
  scrape,
  sleep,
  startAgent,
  startProcess,
  waitForMetrics,
} from './measure.js';
import { runServerLogBench } from './serverlog.js';
import { runHaBench } from './ha.js';
import { runFleetBench } from './fleet.js';
import { runRulesFleetBench } from './rules-fleet.js';
import { runStoreMemoryBench } from './store-memory.js';
import { runBackupsBench } from './backups.js';
import { runSqlCostBench } from './sqlcost.js';
import { runNotifyLatencyBench } from './notify-latency.js';
import { consoleTable, measureConsole, type PageTiming } from './console.js';

const INTERVAL_MS = 5000;
const COLLECTION_INTERVAL = `${INTERVAL_MS / 1000}s`;
const SCRAPES_PER_SCRAPER = 60;
/** How far from the next collection's start a moment still counts as between collections. */
const QUIET_MARGIN_MS = 1500;
const SCRAPE_GAP_MS = 500;
const REFERENCE_EXPORTER = '/usr/bin/prometheus-postgres-exporter';

interface PhaseResult {
  exporter: string;
  scale: string;
  scrapers: number;
  medianMs: number;
  p95Ms: number;
  /** pgwarden only: median of the scrapes sent while no collection ran, and of those sent while one ran. */
  medianBetweenMs: number | undefined;
  medianDuringMs: number | undefined;
  bytes: number;
  series: number;
  /** Resident memory sampled every 500 ms during the phase: median and largest. */
  rssMb: number;
  rssMaxMb: number;
  statementsPerSecond: number;
  statementsPerCollection: number | undefined;
  /** pg_stat_statements' total_exec_time and total_plan_time of the agent's role, per collection. */
  dbMsPerCollection: number | undefined;
  planMsPerCollection: number | undefined;
  /** The agent's own figures, from its /metrics: mean collection wall time, rule round, rule store size. */
  collectionMs: number | undefined;
  /** Collection wall time ÷ its SQL's execution time (issue 3: at most 1.25). */
  collectionPerSql: number | undefined;
  rulesMsPerRound: number | undefined;
  storeSeries: number | undefined;
}

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

async function phase(
  exporter: string,
  scale: Scale,
  url: string,
  pid: number,
  adminUrl: string,
  scrapers: number,
): Promise<PhaseResult> {
  // pgwarden collects on its own schedule: its phase starts and ends between collections, so the statements counted
  // belong to whole collections. postgres_exporter collects on every scrape and has no such boundary.
  const isPgwarden = exporter === 'pgwarden';
  const before = isPgwarden ? await betweenCollections(url, INTERVAL_MS, QUIET_MARGIN_MS) : undefined;
  await resetStatements(adminUrl);
  const started = performance.now();
  const rss: number[] = [];
  const rssTimer = setInterval(() => rss.push(rssBytes(pid) / 1048576), 500);
  const latencies: number[] = [];
  const timings: ScrapeTiming[] = [];
  let last = { bytes: 0, series: 0, text: '' };
  await Promise.all(
    Array.from({ length: scrapers }, async () => {
      for (let i = 0; i < SCRAPES_PER_SCRAPER; i += 1) {
        const r = await scrape(url);
        latencies.push(r.ms);
        timings.push({ startedAt: r.startedAt, ms: r.ms, collection: collectionOf(r.text) });
        last = r;
        await sleep(SCRAPE_GAP_MS);
      }
    }),
  );
  clearInterval(rssTimer);
  const after = isPgwarden ? await betweenCollections(url, INTERVAL_MS, QUIET_MARGIN_MS) : undefined;
  const stats = await agentStatementStats(adminUrl);
  const seconds = (performance.now() - started) / 1000;
  const window = before && after ? { from: before, to: after } : undefined;
  const collections = window ? window.to.total - window.from.total : undefined;
  const collectionMs = window ? meanCollectionMs(timings, window.from.collection, window.to.collection) : undefined;
  const dbMsPerCollection = collections ? stats.execMs / collections : undefined;
  return {
    exporter,
    scale: scale.name,
    scrapers,
    medianMs: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    ...mediansByCollectionState(timings),
    bytes: last.bytes,
    series: last.series,
    rssMb: quantile(rss, 0.5),
    rssMaxMb: Math.max(...rss),
    statementsPerSecond: stats.calls / seconds,
    statementsPerCollection: collections ? stats.calls / collections : undefined,
    dbMsPerCollection,
    planMsPerCollection: collections ? stats.planMs / collections : undefined,
    collectionMs,
    collectionPerSql: collectionMs !== undefined && dbMsPerCollection ? collectionMs / dbMsPerCollection : undefined,
    rulesMsPerRound: scaled(sumOfMetric(last.text, 'pgwarden_rule_group_last_duration_seconds'), 1000),
    storeSeries: metricValue(last.text, 'pgwarden_sample_store_series'),
  };
}

/** One scrape's timing, with the collection it was served (pgwarden only). */
interface ScrapeTiming {
  readonly startedAt: number;
  readonly ms: number;
  readonly collection: CollectionSeen | undefined;
}

/**
 * The mean wall time of the collections after `from` up to and including `to`: those whose statements the phase
 * counted. Every one of them was served to some scrape (scrapes come every 500 ms, collections every 5 s).
 */
function meanCollectionMs(timings: readonly ScrapeTiming[], from: CollectionSeen, to: CollectionSeen): number {
  const durations = new Map<number, number>([[to.started, to.seconds * 1000]]);
  for (const { collection } of timings) {
    if (collection && collection.started > from.started && collection.started <= to.started) {
      durations.set(collection.started, collection.seconds * 1000);
    }
  }
  return [...durations.values()].reduce((a, b) => a + b, 0) / durations.size;
}

/**
 * Splits the scrapes into those sent while no collection ran and those sent during one. The served snapshot says
 * when its collection started and how long it took; the next starts one interval after that one ended, so a scrape
 * sent later than that found a collection in progress (and was still answered from the older snapshot).
 */
function mediansByCollectionState(
  timings: readonly ScrapeTiming[],
): Pick<PhaseResult, 'medianBetweenMs' | 'medianDuringMs'> {
  const between: number[] = [];
  const during: number[] = [];
  for (const { startedAt, ms, collection } of timings) {
    if (!collection) continue;
    const nextStart = (collection.started + collection.seconds) * 1000 + INTERVAL_MS;
    (startedAt >= nextStart ? during : between).push(ms);
  }
  if (between.length + during.length === 0) return { medianBetweenMs: undefined, medianDuringMs: undefined };
  return { medianBetweenMs: quantile(between, 0.5), medianDuringMs: quantile(during, 0.5) };
}

const scaled = (v: number | undefined, factor: number) => (v === undefined ? undefined : v * factor);

function sumOfMetric(text: string, name: string): number | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return lines.length ? lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0) : undefined;
}

/** The console's page timings of every pgwarden run, printed after the scrape table. */
const consoleTimings: PageTiming[] = [];

async function runPgwarden(scale: Scale, dsn: string, adminUrl: string): Promise<PhaseResult[]> {
  // A notifier with a receiver that has no integration, so the console's Silences and Notifications pages are the
  // real ones (not their "configure alerting" page).
  const { child, base } = await startAgent(
    dsn,
    (dir) =>
      `collection_interval: ${COLLECTION_INTERVAL}\nevaluation_interval: ${COLLECTION_INTERVAL}\nstate_dir: ${dir}/state\nalerting:\n  route: { receiver: none }\n  receivers: [{ name: none }]\n`,
  );
  try {
    const url = `${base}/metrics`;
    await waitForMetrics(url);
    await sleep(6000); // past the first collection's cache fill
    const phases = [
      await phase('pgwarden', scale, url, child.pid as number, adminUrl, 1),
      await phase('pgwarden', scale, url, child.pid as number, adminUrl, 4),
    ];
    log(`measuring the console's pages at ${scale.name} scale`);
    const pages = await measureConsole(scale.name, base);
    consoleTimings.push(...pages);
    log(`console pages at ${scale.name} scale:\n${consoleTable(pages)}`);
    return phases;
  } finally {
    child.kill('SIGTERM');
  }
}

async function runReference(scale: Scale, dsn: string, adminUrl: string): Promise<PhaseResult[]> {
  if (!existsSync(REFERENCE_EXPORTER)) {
    log(`${REFERENCE_EXPORTER} not installed (apt-get install prometheus-postgres-exporter): no comparison`);
    return [];
  }
  const port = await freePort();
  const child = startProcess(REFERENCE_EXPORTER, [`--web.listen-address=127.0.0.1:${port}`], { DATA_SOURCE_NAME: dsn });
  try {
    const url = `http://127.0.0.1:${port}/metrics`;
    await waitForMetrics(url);
    return [
      await phase('postgres_exporter', scale, url, child.pid as number, adminUrl, 1),
      await phase('postgres_exporter', scale, url, child.pid as number, adminUrl, 4),
    ];
  } finally {
    child.kill('SIGTERM');
  }
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

function table(results: PhaseResult[]): string {
  const header =
    '| exporter | scale | scrapers | median ms | between / during collections ms | p95 ms | bytes | series | RSS MB median / max | stmts/s | stmts/collection | DB exec / plan ms per collection | collection ms | collection ÷ exec | rules ms/round | store series |';
  const rows = results.map(
    (r) =>
      `| ${r.exporter} | ${r.scale} | ${r.scrapers} | ${fmt(r.medianMs)} | ${fmt(r.medianBetweenMs)} / ${fmt(r.medianDuringMs)} | ${fmt(r.p95Ms)} | ${r.bytes} | ${r.series} | ${fmt(r.rssMb)} / ${fmt(r.rssMaxMb)} | ${fmt(r.statementsPerSecond, 2)} | ${fmt(r.statementsPerCollection)} | ${fmt(r.dbMsPerCollection)} / ${fmt(r.planMsPerCollection)} | ${fmt(r.collectionMs)} | ${fmt(r.collectionPerSql, 2)} | ${fmt(r.rulesMsPerRound)} | ${fmt(r.storeSeries, 0)} |`,
  );
  return [header, '|' + ' --- |'.repeat(16), ...rows].join('\n');
}

async function main(): Promise<void> {
  // `npm run bench -- serverlog`: the server-log reader (bench/serverlog.ts) instead of the collection scales.
  if (process.argv.includes('serverlog')) return runServerLogBench();
  // `npm run bench -- ha [cycles]`: the HA pair's exactly-once measurement across SIGKILLs (bench/ha.ts).
  if (process.argv.includes('ha')) return runHaBench(process.argv.slice(2));
  // `npm run bench -- notify-latency [trials]`: condition to first request, against Prometheus + Alertmanager.
  if (process.argv.includes('notify-latency')) return runNotifyLatencyBench(process.argv.slice(2));
  // `npm run bench -- fleet [N ...]`: one agent with N small targets (bench/fleet.ts).
  if (process.argv.includes('fleet')) return runFleetBench(process.argv.slice(process.argv.indexOf('fleet') + 1));
  // `npm run bench -- rules-fleet [N ...]`: the rule pack's round over a store shaped like N fleet targets.
  if (process.argv.includes('rules-fleet'))
    return runRulesFleetBench(process.argv.slice(process.argv.indexOf('rules-fleet') + 1));
  // `npm run bench -- store-memory [N ...]`: the rule store after an hour, one retention vs per-metric retention.
  if (process.argv.includes('store-memory'))
    return runStoreMemoryBench(process.argv.slice(process.argv.indexOf('store-memory') + 1));
  // `npm run bench -- sqlcost`: the monitored server's SQL cost per collection against postgres_exporter (bench/sqlcost.ts).
  if (process.argv.includes('sqlcost')) return runSqlCostBench();
  // `npm run bench -- backups [GiB]`: backup verification throughput (bench/backups.ts).
  if (process.argv.includes('backups'))
    return runBackupsBench(Number(process.argv.find((a) => /^\d+(\.\d+)?$/.test(a)) ?? 2));
  const wanted = process.argv.slice(2).filter((a) => a in SCALES);
  const scales = (wanted.length ? wanted : ['small', 'large']).map((s) => SCALES[s] as Scale);
  const results: PhaseResult[] = [];
  for (const scale of scales) {
    // A server per scale: the agent collects every database of its server, so scales must not share one.
    const server = await startEmbeddedPostgres({ extraFlags: BENCH_SERVER_FLAGS });
    log(
      `PostgreSQL ${server.version} on port ${server.port}; ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    );
    try {
      const databases = await buildFixture(server.url, scale, log);
      const dsn = benchUrl(server.url, databases[0] as string);
      log(`measuring pgwarden at ${scale.name} scale`);
      results.push(...(await runPgwarden(scale, dsn, server.url)));
      log(`measuring postgres_exporter at ${scale.name} scale`);
      results.push(...(await runReference(scale, `${dsn}?sslmode=disable`, server.url)));
    } finally {
      await server.stop();
    }
  }
  process.stdout.write(
    `collection_interval ${COLLECTION_INTERVAL}; ${SCRAPES_PER_SCRAPER} scrapes per scraper, ${SCRAPE_GAP_MS} ms apart\n\n${table(results)}\n\n${consoleTable(consoleTimings)}\n`,
  );
}

void main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
