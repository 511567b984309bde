// `npm run bench -- store-memory [N ...]`: what the rule store holds after an hour of collections (issue 21 §1), with
// one retention for every kept metric (before) and with each metric's own retention (after). No wall-clock hour: one
// real fleet target's snapshots (bench/rules-fleet.ts) are replayed for N targets at synthetic 15 s timestamps into
// a store filtered as the agent filters it (the rules' metrics and the check's queries). Prints points, series and
// heap after full garbage collections (the largest of the last 8 minutes), and checks that the shipped pack fires the same alerts over both stores.
import { createHash } from 'node:crypto';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { silentLogger } from '../src/log.js';
import { packageRoot } from '../src/paths.js';
import { evaluateInstant, LOOKBACK_DELTA_MS, parsePromql, SampleStore, walkExpr } from '../src/promql/index.js';
import { RuleManager } from '../src/rules/index.js';
import { longestRetention, retentionFor, ruleReads, type MetricRetention } from '../src/rules/metric-retention.js';
import { shippedRuleFiles } from '../src/rules/shipped-rules.js';
import { snapshotSamples } from '../src/rules/snapshot-samples.js';
import { perfdataSpecs } from '../src/check/perfdata-spec.js';
import { REPORT_QUERIES } from '../src/check/report-sections/queries.js';
import { agentStoreFilter, captureSnapshots, INTERVAL_MS, PER_SERVER, replayer } from './rules-fleet.js';

/** Simulated minutes of collections: past the longest retention, so both stores are at their steady size. */
const MINUTES = Number(process.env.PGWARDEN_BENCH_STORE_MINUTES ?? 70);

/** Rounds at whose end the heap is measured: the last 32 (a compaction cycle of a 5½-minute series), every 4th. */
const HEAP_ROUNDS = 32;
const HEAP_EVERY = 4;

const log = (m: string) => process.stderr.write(`bench store-memory: ${m}\n`);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

type Mode = 'one retention (before)' | 'per-metric retention (after)';

interface StoreRow {
  mode: Mode;
  targets: number;
  retention: string;
  series: number;
  points: number;
  heapMb: number;
  fillS: number;
  alerts: string;
  /** A hash of the values of every selector and function call of the shipped rules at the end. */
  answers: string;
}

async function shippedRules(): Promise<RuleManager> {
  const manager = new RuleManager({
    store: new SampleStore({ retentionMs: 0 }),
    logger: silentLogger(),
    evaluationIntervalMs: INTERVAL_MS,
    baseDir: packageRoot(),
  });
  const loaded = await manager.reload(shippedRuleFiles());
  if (!loaded.ok) throw new Error(`shipped rules do not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return manager;
}

/** Before this change: the longest look-back (ranges counted with the 5-minute lookback too), at least 15 min. */
const oneWindowMs = (table: MetricRetention) => Math.max(15 * 60_000, longestRetention(table) + LOOKBACK_DELTA_MS);

/** The same synthetic hour for both stores: the last collection at `end`. */
async function measure(
  atRound: ReturnType<typeof replayer>,
  targets: number,
  mode: Mode,
  end: number,
): Promise<StoreRow> {
  const rulesForReads = await shippedRules();
  const extra = [...perfdataSpecs().map((s) => s.expr), ...REPORT_QUERIES].map((q) => ({ expr: parsePromql(q) }));
  const { keep, retention } = agentStoreFilter([...ruleReads(rulesForReads.groups), ...extra]);
  const before = mode === 'one retention (before)';
  const heapBefore = heapAfterGc();
  const store = new SampleStore({
    retentionMs: before ? oneWindowMs(retention) : (name) => retentionFor(retention, name),
  });
  const rounds = Math.round((MINUTES * 60_000) / INTERVAL_MS);
  let fillMs = 0;
  let heapMb = 0;
  for (let r = 0; r < rounds; r++) {
    const t = end - (rounds - 1 - r) * INTERVAL_MS;
    const started = performance.now();
    for (let i = 1; i <= targets; i++) {
      const s = atRound(`fleet_${i}`, r, t + ((i * 97) % INTERVAL_MS));
      store.appendScrape(s.target, snapshotSamples(s, {}, keep), s.timestamp);
    }
    fillMs += performance.now() - started;
    // The buffers' dead slots come and go with their compaction: the largest heap over the last rounds counts.
    const left = rounds - 1 - r;
    if (left < HEAP_ROUNDS && left % HEAP_EVERY === 0)
      heapMb = Math.max(heapMb, (heapAfterGc() - heapBefore) / 2 ** 20);
  }
  const fillS = fillMs / 1000;
  const stats = store.stats();
  // Every rule must read the same over both stores (the retention keeps everything the rules read): each selector and
  // function call of each rule, not only the rule (most alert expressions are empty vectors below their threshold).
  const answers = createHash('sha256');
  for (const rule of rulesForReads.groups.flatMap((g) => g.def.rules))
    walkExpr(rule.expr, (e) => {
      if (e.kind === 'call' || e.kind === 'vectorSelector')
        answers.update(JSON.stringify(evaluateInstant(e, store, end + INTERVAL_MS)));
    });
  const manager = new RuleManager({
    store,
    logger: silentLogger(),
    evaluationIntervalMs: INTERVAL_MS,
    baseDir: packageRoot(),
  });
  await manager.reload(shippedRuleFiles());
  manager.evaluateAll(end + INTERVAL_MS);
  const byRule = new Map<string, number>();
  for (const a of manager.activeAlerts())
    byRule.set(a.labels.alertname ?? '', (byRule.get(a.labels.alertname ?? '') ?? 0) + 1);
  const alerts = [...byRule]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([n, c]) => `${n} ${c}`)
    .join(', ');
  const windows = before
    ? `${oneWindowMs(retention) / 60_000} min for all`
    : `${retention.defaultMs / 60_000}–${longestRetention(retention) / 60_000} min by metric`;
  return { mode, targets, retention: windows, ...stats, heapMb, fillS, alerts, answers: answers.digest('hex') };
}

const f = (n: number, digits = 1) => n.toFixed(digits);

/** N values from the arguments after `store-memory`, else 10 and 100. */
export async function runStoreMemoryBench(args: readonly string[]): Promise<void> {
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const atRound = replayer(await captureSnapshots(PER_SERVER));
  const rows: StoreRow[] = [];
  const end = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS;
  for (const n of sizes.length ? sizes : [10, 100]) {
    for (const mode of ['one retention (before)', 'per-metric retention (after)'] as const) {
      log(`${n} targets, ${mode}: filling ${MINUTES} minutes of 15 s collections`);
      const row = await measure(atRound, n, mode, end);
      log(`${n} targets, ${mode}: ${row.points} points, ${f(row.heapMb, 0)} MiB heap; alerts: ${row.alerts}`);
      rows.push(row);
    }
  }
  const header =
    '| targets | store | retention | series | points | heap MiB | fill s |\n| --- | --- | --- | --- | --- | --- | --- |';
  const table = rows.map(
    (r) =>
      `| ${r.targets} | ${r.mode} | ${r.retention} | ${r.series} | ${r.points} | ${f(r.heapMb, 0)} | ${f(r.fillS)} |`,
  );
  const alerts = rows.map((r) => `${r.targets} targets, ${r.mode}: ${r.alerts}`);
  const same = [...new Set(rows.map((r) => r.targets))].map((n) => {
    const hashes = new Set(rows.filter((r) => r.targets === n).map((r) => r.answers));
    return `${n} targets: ${hashes.size === 1 ? 'identical' : 'DIFFERENT'}`;
  });
  const { retention } = agentStoreFilter(ruleReads((await shippedRules()).groups));
  const longer = [...retention.byName]
    .filter(([, ms]) => ms > retention.defaultMs)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([name, ms]) => `${name} ${ms / 60_000}`);
  process.stdout.write(
    `${MINUTES} minutes of 15 s collections of ${PER_SERVER}-database fleet targets, shipped rule pack; load average ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n\n${header}\n${table.join('\n')}\n\nactive alerts after one round:\n${alerts.join('\n')}\n\n` +
      `every selector and call of the shipped rules at the end, one retention vs per-metric: ${same.join(', ')}\n\n` +
      `metrics kept longer than ${retention.defaultMs / 60_000} min (min): ${longer.join(', ')}\n`,
  );
}
