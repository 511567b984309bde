// `npm run bench -- fleet [N ...]`: one agent with N small targets (issue 21), N = 10, 50, 100, 200 unless given
// (also PGWARDEN_BENCH_FLEET_N=10,50). Prints what a round of collections and rules costs; asserts no timing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/demo/free-port.js';
import { CLI_ENTRY, launcherNodeFlags } from '../src/cli/node-flags.js';
import { fleetServerStats, resetFleetStatements, startFleet, type Fleet } from './fleet-fixture.js';
import { quantile, rssBytes, scrape, sleep } from './measure.js';

const INTERVAL_S = 15;
/** Whole rounds measured per N, after every target has been collected twice. */
const ROUNDS = Number(process.env.PGWARDEN_BENCH_FLEET_ROUNDS ?? 4);
/** Databases (targets) per PostgreSQL server: see docs/benchmarks.md for why not all on one. */
const PER_SERVER = Number(process.env.PGWARDEN_BENCH_FLEET_PER_SERVER ?? 25);
const METRICS_SCRAPES = 10;

const log = (m: string) => process.stderr.write(`bench fleet: ${m}\n`);

interface FleetRow {
  targets: number;
  servers: number;
  concurrency: number;
  series: number;
  rssMb: number;
  rssMaxMb: number;
  cpuSecondsPerRound: number;
  collectionMsMedian: number;
  collectionMsMax: number;
  /** From the first collection start to the last collection end of one round, summed over targets ÷ interval. */
  busyShare: number;
  collectionsPerTarget: string;
  lagMaxS: number;
  missedTicks: number;
  metricsMsMedian: number;
  connections: number;
  connectionsMax: number;
  statementsPerRound: number;
  dbMsPerRound: string;
  rulesMsPerRound: number;
  storeSeries: number;
  loadAverage: string;
}

/** Every sample of `name` in an exposition, as [labels text, value]. */
function samples(text: string, name: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const space = line.lastIndexOf(' ');
    out.push([line.slice(name.length, space), Number(line.slice(space + 1))]);
  }
  return out;
}

const perTarget = (text: string, name: string) =>
  new Map(samples(text, name).map(([labels, v]) => [/target="([^"]*)"/.exec(labels)?.[1] ?? '', v]));

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
}

/** How many targets /api/v1/targets reports up (0 while the agent does not answer yet). */
async function targetsUp(url: string): Promise<number> {
  try {
    const { text } = await scrape(url);
    const body = JSON.parse(text) as { data: { activeTargets: Array<{ health: string }> } };
    return body.data.activeTargets.filter((t) => t.health === 'up').length;
  } catch {
    return 0;
  }
}

async function measure(fleet: Fleet, concurrency: number): Promise<FleetRow> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-bench-fleet-'));
  const config = path.join(dir, 'pgwarden.yml');
  const targets = fleet.targets.map((t) => `  - name: ${t.name}\n    url: "${t.url}"\n`).join('');
  writeFileSync(
    config,
    `targets:\n${targets}collection_interval: ${INTERVAL_S}s\nevaluation_interval: ${INTERVAL_S}s\n` +
      `collection_concurrency: ${concurrency}\nstate_dir: ${dir}/state\n`,
  );
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...launcherNodeFlags(), CLI_ENTRY, '--config', config, `--web.listen-address=127.0.0.1:${port}`],
    { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // The agent's last log lines and how it ended, for a run that fails (a dead agent answers ECONNRESET).
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-4000)));
  let ended = '';
  child.once('exit', (code, signal) => (ended = `agent exited (code ${code}, signal ${signal})`));
  const pid = child.pid as number;
  const url = `http://127.0.0.1:${port}/metrics`;
  try {
    // Every target up (read from /api/v1/targets: scraping the whole /metrics every second would load the agent),
    // then one more interval, so every target has left its first collection for its ticks.
    for (let i = 0; ; i += 1) {
      const up = await targetsUp(`http://127.0.0.1:${port}/api/v1/targets`);
      if (up === fleet.targets.length) break;
      if (i > 300) throw new Error(`only ${up} of ${fleet.targets.length} targets up after 5 minutes`);
      await sleep(1000);
    }
    await sleep((INTERVAL_S + 2) * 1000);
    await resetFleetStatements(fleet);
    const before = (await scrape(url)).text;
    const cpuBefore = cpuSeconds(pid);
    const rss: number[] = [];
    const connections: number[] = [];
    const windowEnd = Date.now() + ROUNDS * INTERVAL_S * 1000;
    while (Date.now() < windowEnd) {
      rss.push(rssBytes(pid) / 2 ** 20);
      if (rss.length % 5 === 0) connections.push((await fleetServerStats(fleet)).connections);
      await sleep(1000);
    }
    const cpu = cpuSeconds(pid) - cpuBefore;
    const stats = await fleetServerStats(fleet);
    const after = (await scrape(url)).text;
    const latencies: number[] = [];
    for (let i = 0; i < METRICS_SCRAPES; i += 1) {
      latencies.push((await scrape(url)).ms);
      await sleep(500);
    }
    const beforeCounts = perTarget(before, 'pgwarden_collections_total');
    const done = [...perTarget(after, 'pgwarden_collections_total')].map(([t, c]) => c - (beforeCounts.get(t) ?? 0));
    const durations = [...perTarget(after, 'pgwarden_collection_duration_seconds').values()].map((s) => s * 1000);
    const collections = done.reduce((a, b) => a + b, 0);
    return {
      targets: fleet.targets.length,
      servers: fleet.servers.length,
      concurrency,
      series: after.split('\n').filter((l) => l && !l.startsWith('#')).length,
      rssMb: quantile(rss, 0.5),
      rssMaxMb: Math.max(...rss),
      cpuSecondsPerRound: cpu / ROUNDS,
      collectionMsMedian: quantile(durations, 0.5),
      collectionMsMax: Math.max(...durations),
      busyShare: durations.reduce((a, b) => a + b, 0) / (INTERVAL_S * 1000),
      collectionsPerTarget: `${Math.min(...done)}–${Math.max(...done)}`,
      lagMaxS: Math.max(...perTarget(after, 'pgwarden_collection_lag_seconds').values()),
      missedTicks: [...perTarget(after, 'pgwarden_collection_ticks_missed_total').values()].reduce((a, b) => a + b, 0),
      metricsMsMedian: quantile(latencies, 0.5),
      connections: stats.connections,
      connectionsMax: Math.max(stats.connections, ...connections),
      statementsPerRound: (stats.calls * fleet.targets.length) / Math.max(1, collections),
      dbMsPerRound: `${((stats.execMs * fleet.targets.length) / Math.max(1, collections)).toFixed(0)} / ${((stats.planMs * fleet.targets.length) / Math.max(1, collections)).toFixed(0)}`,
      rulesMsPerRound:
        samples(after, 'pgwarden_rule_group_last_duration_seconds').reduce((a, [, v]) => a + v, 0) * 1000,
      storeSeries: samples(after, 'pgwarden_sample_store_series')[0]?.[1] ?? NaN,
      loadAverage: os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
    };
  } catch (error) {
    await sleep(500);
    log(`${ended || 'agent still running'}; its last log lines:\n${stderrTail}`);
    throw error;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function table(rows: readonly FleetRow[]): string {
  const header =
    '| targets | servers | concurrency | series | RSS MiB median / max | CPU s per round | collection ms median / max | collection time ÷ interval | collections per target in window | max lag s | missed ticks | /metrics median ms | pgwarden connections end / max | stmts per round | DB exec / plan ms per round | rules ms per round | store series | load average (1/5/15 min) |';
  const lines = rows.map(
    (r) =>
      `| ${r.targets} | ${r.servers} | ${r.concurrency} | ${r.series} | ${f(r.rssMb)} / ${f(r.rssMaxMb)} | ${f(r.cpuSecondsPerRound, 2)} | ${f(r.collectionMsMedian)} / ${f(r.collectionMsMax)} | ${f(r.busyShare, 2)} | ${r.collectionsPerTarget} | ${f(r.lagMaxS, 2)} | ${r.missedTicks} | ${f(r.metricsMsMedian)} | ${r.connections} / ${r.connectionsMax} | ${f(r.statementsPerRound, 0)} | ${r.dbMsPerRound} | ${f(r.rulesMsPerRound)} | ${f(r.storeSeries, 0)} | ${r.loadAverage} |`,
  );
  return [header, '|' + ' --- |'.repeat(18), ...lines].join('\n');
}

/** N values from the arguments after `fleet`, else PGWARDEN_BENCH_FLEET_N, else 10, 50, 100, 200. */
export function fleetSizes(args: readonly string[], env = process.env): number[] {
  const fromArgs = args.filter((a) => /^\d+$/.test(a)).map(Number);
  if (fromArgs.length) return fromArgs;
  const fromEnv = (env.PGWARDEN_BENCH_FLEET_N ?? '').split(',').filter((a) => /^\d+$/.test(a.trim()));
  return fromEnv.length ? fromEnv.map(Number) : [10, 50, 100, 200];
}

export async function runFleetBench(args: readonly string[]): Promise<void> {
  const concurrency = Number(process.env.PGWARDEN_BENCH_FLEET_CONCURRENCY ?? 10);
  const rows: FleetRow[] = [];
  for (const n of fleetSizes(args)) {
    log(`building ${n} targets, ${PER_SERVER} per server; load average ${os.loadavg()[0]?.toFixed(1)}`);
    const fleet = await startFleet(n, PER_SERVER, log);
    try {
      log(`measuring ${ROUNDS} rounds of ${INTERVAL_S}s with ${n} targets`);
      rows.push(await measure(fleet, concurrency));
      log(`\n${table(rows.slice(-1))}`);
    } finally {
      await fleet.stop();
    }
  }
  process.stdout.write(
    `collection_interval ${INTERVAL_S}s, evaluation_interval ${INTERVAL_S}s (shipped rule pack), ${ROUNDS} rounds per N; ` +
      `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n\n${table(rows)}\n`,
  );
}
