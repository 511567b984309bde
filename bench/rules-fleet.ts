// `npm run bench -- rules-fleet [N ...]`: the shipped rule pack's round over a rule store shaped like N fleet
// targets (issue 21 §1), without running N collections: one real snapshot of a fleet target (bench/fleet-fixture.ts,
// collected by the agent's own Sampler), replayed for N targets (another `instance` each) over the store's whole
// retention, filtered as the agent filters it (metricsToKeep). Prints ms per round, per group and the costliest
// rules; asserts no timing. PGWARDEN_BENCH_SNAPSHOT=file keeps the captured snapshot there and reuses it.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAgentConfig } from '../src/agent/agent-config.js';
import { collectorSetup } from '../src/collect/collector-setup.js';
import type { Snapshot } from '../src/collect/model.js';
import { Sampler } from '../src/collect/sampler.js';
import { Target } from '../src/collect/target.js';
import { silentLogger } from '../src/log.js';
import { packageRoot } from '../src/paths.js';
import { evaluateInstant, nameMatches, SampleStore } from '../src/promql/index.js';
import { labelsKey } from '../src/promql/labels.js';
import { RuleManager } from '../src/rules/index.js';
import {
  longestRetention,
  metricRetention,
  retentionFor,
  ruleReads,
  type MetricRetention,
  type StoreRead,
} from '../src/rules/metric-retention.js';
import { metricsToKeep } from '../src/rules/metrics-to-keep.js';
import { shippedRuleFiles } from '../src/rules/shipped-rules.js';
import { snapshotSamples } from '../src/rules/snapshot-samples.js';
import { startFleet } from './fleet-fixture.js';
import { quantile, sleep } from './measure.js';

export const INTERVAL_MS = 15_000;
/** Databases on the captured target's server, as the fleet bench puts 25 targets on each server. */
export const PER_SERVER = Number(process.env.PGWARDEN_BENCH_FLEET_PER_SERVER ?? 25);
const ROUNDS = Number(process.env.PGWARDEN_BENCH_RULES_ROUNDS ?? 5);
const TOP_RULES = 10;

const log = (m: string) => process.stderr.write(`bench rules-fleet: ${m}\n`);

/** Two snapshots of one fleet target, 5 s apart, collected as the agent collects (its Sampler and collectors). */
export async function captureSnapshots(databases: number): Promise<[Snapshot, Snapshot]> {
  const file = process.env.PGWARDEN_BENCH_SNAPSHOT;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as [Snapshot, Snapshot];
  log(`building a server with ${databases} fleet databases to capture one target's snapshot`);
  const fleet = await startFleet(databases, databases, log);
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-bench-rules-fleet-'));
    const config = path.join(dir, 'pgwarden.yml');
    const first = fleet.targets[0];
    if (!first) throw new Error('the fleet has no target');
    writeFileSync(config, `targets:\n  - name: ${first.name}\n    url: "${first.url}"\nstate_dir: ${dir}/state\n`);
    const loaded = loadAgentConfig(config, {});
    const logger = silentLogger();
    const { collectors, options } = collectorSetup(loaded, logger);
    const sampler = new Sampler(new Target(loaded.targets[0]!, logger), collectors(), options);
    try {
      const first = (await sampler.collect()).snapshot;
      await sleep(5000);
      const pair: [Snapshot, Snapshot] = [first, (await sampler.collect()).snapshot];
      if (file) writeFileSync(file, JSON.stringify(pair));
      return pair;
    } finally {
      await sampler.target.close();
    }
  } finally {
    await fleet.stop();
  }
}

/**
 * The captured target's counters growing as they grew between its two snapshots (per 15 s), so rate() and increase()
 * see the movement, and alerts fire, as on the live fleet.
 */
export function replayer([first, second]: [Snapshot, Snapshot]): (
  target: string,
  round: number,
  t: number,
) => Snapshot {
  const secondValues = new Map<string, number>();
  for (const f of second.families)
    for (const s of f.samples) secondValues.set(`${f.name}\xff${labelsKey(s.labels)}`, s.value);
  const perRound = INTERVAL_MS / Math.max(1, second.timestamp - first.timestamp);
  const families = first.families.map((f) => ({
    family: f,
    steps: f.samples.map((s) => {
      const next = secondValues.get(`${f.name}\xff${labelsKey(s.labels)}`);
      return f.type === 'counter' && next !== undefined && next > s.value ? (next - s.value) * perRound : 0;
    }),
  }));
  return (target, round, t) => ({
    target,
    timestamp: t,
    families: families.map(({ family, steps }) => ({
      ...family,
      samples: family.samples.map((s, i) => ({ labels: s.labels, value: s.value + round * (steps[i] ?? 0) })),
    })),
  });
}

interface RulesFleetRow {
  targets: number;
  storeSeries: number;
  storePoints: number;
  fillMs: number;
  roundMs: number[];
  /** Process CPU (all threads, the garbage collector's included) per round. */
  cpuMsPerRound: number;
  /** The longest the event loop was held by one step of a sliced round (what can delay a collection tick). */
  longestSliceMs: number;
  groups: Array<{ name: string; ms: number }>;
  topRules: Array<{ name: string; ms: number }>;
  heapMb: number;
}

/** As AlertEngine.afterRules: the metrics the store keeps, and each one's retention. */
export function agentStoreFilter(reads: readonly StoreRead[]): {
  keep: (name: string) => boolean;
  retention: MetricRetention;
} {
  const filter = metricsToKeep(reads.map((r) => r.expr));
  const keep = filter === 'any' ? () => true : (name: string) => nameMatches(filter, name);
  return { keep, retention: metricRetention(reads, 2 * INTERVAL_MS) };
}

/** One round as the agent's timers run it (a rule per event-loop turn): the longest turn. */
async function longestSlice(manager: RuleManager, store: SampleStore, atMs: number): Promise<number> {
  let longest = 0;
  let sliceStart = 0;
  const context = { store, resendDelayMs: 60_000, externalLabels: {}, externalURL: '' };
  const pause = async () => {
    longest = Math.max(longest, performance.now() - sliceStart);
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  for (const group of manager.groups) {
    sliceStart = performance.now();
    await group.evaluateSliced(atMs, context, pause);
    longest = Math.max(longest, performance.now() - sliceStart);
  }
  return longest;
}

async function measure(atRound: ReturnType<typeof replayer>, targets: number): Promise<RulesFleetRow> {
  const store = new SampleStore({ retentionMs: 15 * 60_000 });
  const manager = new RuleManager({
    store,
    logger: silentLogger(),
    evaluationIntervalMs: INTERVAL_MS,
    baseDir: packageRoot(),
  });
  const loaded = await manager.reload(shippedRuleFiles());
  if (!loaded.ok) throw new Error(`shipped rules do not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const { keep, retention } = agentStoreFilter(ruleReads(manager.groups));
  store.setRetention((name) => retentionFor(retention, name));
  const retentionMs = longestRetention(retention);
  // PGWARDEN_BENCH_RULES_HISTORY_MIN: less history than the retention (a quicker fill; the agent's first hour).
  const historyMs = Number(process.env.PGWARDEN_BENCH_RULES_HISTORY_MIN ?? Infinity) * 60_000;
  const rounds = Math.ceil(Math.min(retentionMs, historyMs) / INTERVAL_MS);
  const end = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS;
  const fillStarted = performance.now();
  for (let r = 0; r < rounds; r++) {
    const t = end - (rounds - 1 - r) * INTERVAL_MS;
    for (let i = 1; i <= targets; i++) {
      const s = atRound(`fleet_${i}`, r, t + ((i * 97) % INTERVAL_MS));
      store.appendScrape(s.target, snapshotSamples(s, {}, keep), s.timestamp);
    }
  }
  const fillMs = performance.now() - fillStarted;
  const at = end + INTERVAL_MS;
  manager.evaluateAll(at); // warm-up: the first round creates the alert series
  const roundMs: number[] = [];
  const groupMs = new Map<string, number>();
  const cpuBefore = process.cpuUsage();
  for (let i = 1; i <= ROUNDS; i++) {
    const started = performance.now();
    manager.evaluateAll(at + i);
    roundMs.push(performance.now() - started);
    for (const g of manager.groups) groupMs.set(g.def.name, (groupMs.get(g.def.name) ?? 0) + g.evaluationTimeMs);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const longestSliceMs = await longestSlice(manager, store, at + ROUNDS + 1);
  // Each rule's expression alone, once, for the ranking (recording rules' outputs are in the store by now).
  const ruleMs = manager.groups.flatMap((g) =>
    g.def.rules.map((r) => {
      const started = performance.now();
      evaluateInstant(r.expr, store, at + ROUNDS);
      return { name: `${g.def.name}/${r.name}`, ms: performance.now() - started };
    }),
  );
  const stats = store.stats();
  const alerts = manager.activeAlerts();
  const byRule = new Map<string, number>();
  for (const a of alerts) byRule.set(a.labels.alertname ?? '', (byRule.get(a.labels.alertname ?? '') ?? 0) + 1);
  log(`${targets} targets: ${alerts.length} active alerts: ${[...byRule].map(([n, c]) => `${n} ${c}`).join(', ')}`);
  return {
    targets,
    storeSeries: stats.series,
    storePoints: stats.points,
    fillMs,
    roundMs,
    cpuMsPerRound: (cpu.user + cpu.system) / 1000 / ROUNDS,
    longestSliceMs,
    groups: [...groupMs].map(([name, ms]) => ({ name, ms: ms / ROUNDS })).sort((a, b) => b.ms - a.ms),
    topRules: ruleMs.sort((a, b) => b.ms - a.ms).slice(0, TOP_RULES),
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

const f = (n: number, digits = 1) => n.toFixed(digits);

function tableRow(row: RulesFleetRow): string {
  const sorted = [...row.roundMs].sort((a, b) => a - b);
  return `| ${row.targets} | ${row.storeSeries} | ${row.storePoints} | ${f(quantile(sorted, 0.5))} | ${f(sorted[0] ?? NaN)} / ${f(sorted[sorted.length - 1] ?? NaN)} | ${f(row.cpuMsPerRound)} | ${f(row.longestSliceMs)} | ${f(row.heapMb, 0)} |`;
}

function details(row: RulesFleetRow): string {
  return [
    `${row.targets} targets, groups (ms per round): ` + row.groups.map((g) => `${g.name} ${f(g.ms)}`).join(', '),
    `${row.targets} targets, costliest rules (ms, one evaluation): ` +
      row.topRules.map((r) => `${r.name} ${f(r.ms)}`).join(', '),
  ].join('\n');
}

/** N values from the arguments after `rules-fleet`, else 10 and 100. */
export async function runRulesFleetBench(args: readonly string[]): Promise<void> {
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const atRound = replayer(await captureSnapshots(PER_SERVER));
  const header =
    '| targets | store series | store points | rule round ms median | min / max | CPU ms per round | longest slice ms | heap MiB |\n| --- | --- | --- | --- | --- | --- | --- | --- |';
  const rows: RulesFleetRow[] = [];
  for (const n of sizes.length ? sizes : [10, 100]) {
    log(`filling the store for ${n} targets`);
    const row = await measure(atRound, n);
    log(`${n} targets: store filled in ${f(row.fillMs, 0)} ms\n${tableRow(row)}`);
    rows.push(row);
  }
  process.stdout.write(
    `shipped rule pack over ${PER_SERVER}-database fleet targets, ${ROUNDS} rounds each; load average ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n\n${header}\n${rows.map(tableRow).join('\n')}\n\n${rows.map(details).join('\n')}\n`,
  );
}
