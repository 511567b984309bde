// The HA measurement (issue 20 §6): two pgwarden agents with the same config forward to a two-node Alertmanager
// cluster, which notifies a loopback webhook. A value in the database fires and resolves one alert per cycle; in each
// cycle one agent, chosen at random, is killed with SIGKILL at a random moment and started again after a random
// pause. Every firing and every resolved notification must reach the receiver exactly once.
// Used by test/interop/alertmanager-ha.test.ts (a few cycles) and `npm run bench -- ha [cycles]` (many).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startAlertmanagers } from './alertmanager-process.js';
import { HA_ALERT, startHaPair, type HaAgent } from './ha-pair.js';

export interface HaRunOptions {
  /** A database the agents monitor and the harness may create a table in. */
  readonly databaseUrl: string;
  readonly cycles: number;
  /** Seeds the random kill times, so a failing run can be repeated. */
  readonly seed: number;
  readonly log?: (message: string) => void;
  /** Alertmanager's debug log on stderr (every alert received, every flush). */
  readonly debugAlertmanager?: boolean;
}

export interface HaCycle {
  readonly cycle: number;
  readonly firing: number;
  readonly resolved: number;
  /** Which agent was killed, when (ms after the cycle started) and for how long. */
  readonly kill: string;
  /** What happened from the cycle's start, in ms: the database change, the kill and restart, each notification. */
  readonly timeline: string;
}

export interface HaResult {
  readonly seed: number;
  readonly cycles: readonly HaCycle[];
  readonly kills: number;
  /** Notifications beyond the first of one cycle and status. */
  readonly duplicates: number;
  /** Cycles and statuses that never reached the receiver. */
  readonly losses: number;
  /** Requests the receiver got that carry no alert of this run (should be 0). */
  readonly foreign: number;
}

/** mulberry32: a tiny seeded PRNG (reproducible kill times; Math.random cannot be seeded). */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Notification {
  readonly cycle: string;
  readonly status: string;
  readonly at: number;
  /** The sending Alertmanager node (its externalURL). */
  readonly from: string;
}

/** The webhook receiver Alertmanager notifies: records (cycle, status) of every alert in every request. */
async function startWebhook(): Promise<{ url: string; seen: Notification[]; other: number; close(): Promise<void> }> {
  const seen: Notification[] = [];
  const state = { other: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as {
        externalURL: string;
        alerts: { labels: Record<string, string>; status: string }[];
      };
      const ours = payload.alerts.filter((a) => a.labels.alertname === HA_ALERT && a.labels.cycle !== undefined);
      if (ours.length === 0) state.other += 1;
      for (const alert of ours)
        seen.push({ cycle: alert.labels.cycle!, status: alert.status, at: Date.now(), from: payload.externalURL });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    seen,
    get other() {
      return state.other;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Alertmanager's side: one group per cycle, so each cycle's firing and resolved are one request each. */
const alertmanagerConfig = (hookUrl: string) => ({
  route: {
    receiver: 'hook',
    group_by: ['alertname', 'cycle'],
    group_wait: '1s',
    group_interval: '5s',
    repeat_interval: '1h',
  },
  receivers: [{ name: 'hook', webhook_configs: [{ url: hookUrl, send_resolved: true }] }],
});

/** Kills `victim` at `atMs` into the cycle and starts it again `downMs` later; the other agent stays up. */
async function killAndRestart(
  victim: HaAgent,
  other: HaAgent,
  atMs: number,
  downMs: number,
  note: (event: string) => void,
): Promise<void> {
  await sleep(atMs);
  await other.up();
  await victim.kill('SIGKILL');
  note(`kill ${victim.name}`);
  await sleep(downMs);
  await victim.start();
  note(`${victim.name} listens`);
}

export async function runHaMeasurement(options: HaRunOptions): Promise<HaResult> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const table = `pgwarden_ha_${process.pid}_${Date.now() % 100_000}`;
  const db = new pg.Client({ connectionString: options.databaseUrl, application_name: 'pgwarden-ha-harness' });
  await db.connect();
  const hook = await startWebhook();
  const cleanups: (() => Promise<unknown>)[] = [() => hook.close(), () => db.end()];
  try {
    await db.query(`CREATE TABLE ${table} (cycle int PRIMARY KEY, firing boolean NOT NULL)`);
    cleanups.unshift(() => db.query(`DROP TABLE IF EXISTS ${table}`));
    const cluster = await startAlertmanagers(alertmanagerConfig(hook.url), {
      nodes: 2,
      debug: options.debugAlertmanager ?? false,
    });
    cleanups.unshift(() => cluster.stop());
    const pair = await startHaPair(
      options.databaseUrl,
      table,
      cluster.nodes.map((n) => n.url),
    );
    cleanups.unshift(() => pair.stop());
    await sleep(2000); // both agents collect and evaluate once before the first cycle
    const kills: string[] = [];
    const timelines: { startedAt: number; events: [number, string][] }[] = [];
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      // Long enough for group_wait (1s) + collection and evaluation (1s each) on both sides of the change.
      const firingMs = 4000 + Math.round(random() * 2000);
      const resolvedMs = 4000 + Math.round(random() * 2000);
      const victimIndex = random() < 0.5 ? 0 : 1;
      const [victim, other] = [pair.agents[victimIndex]!, pair.agents[1 - victimIndex]!];
      const atMs = Math.round(random() * (firingMs + resolvedMs));
      const downMs = 200 + Math.round(random() * 2800);
      kills.push(`agent ${victim.name} at +${atMs} ms for ${downMs} ms`);
      const startedAt = Date.now();
      const events: [number, string][] = [];
      const note = (event: string) => events.push([Date.now() - startedAt, event]);
      timelines.push({ startedAt, events });
      const killing = killAndRestart(victim, other, atMs, downMs, note);
      await db.query(`INSERT INTO ${table} VALUES ($1, true)`, [cycle]);
      note('fires');
      await sleep(firingMs);
      await db.query(`UPDATE ${table} SET firing = false WHERE cycle = $1`, [cycle]);
      note('resolves');
      await sleep(resolvedMs);
      await killing;
      log(`cycle ${cycle}/${options.cycles}: ${kills[cycle - 1]}`);
    }
    // The last resolved: the agents' next evaluation, Alertmanager's group_interval and the second node's peer
    // timeout; then a few more group intervals in which nothing may arrive.
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      !hook.seen.some((n) => n.cycle === String(options.cycles) && n.status === 'resolved')
    )
      await sleep(200);
    await sleep(6000);
    const cycles = kills.map((kill, i): HaCycle => {
      const of = (status: string) => hook.seen.filter((n) => n.cycle === String(i + 1) && n.status === status).length;
      const { startedAt, events } = timelines[i]!;
      const notified = hook.seen
        .filter((n) => n.cycle === String(i + 1))
        .map((n): [number, string] => [n.at - startedAt, `${n.status} from ${n.from}`]);
      const timeline = [...events, ...notified]
        .sort((x, y) => x[0] - y[0])
        .map(([at, what]) => `+${at} ${what}`)
        .join(', ');
      return { cycle: i + 1, firing: of('firing'), resolved: of('resolved'), kill, timeline };
    });
    const counts = cycles.flatMap((c) => [c.firing, c.resolved]);
    return {
      seed: options.seed,
      cycles,
      kills: pair.agents[0].kills + pair.agents[1].kills,
      duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      losses: counts.filter((n) => n === 0).length,
      foreign: hook.other,
    };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

/** `npm run bench -- ha [cycles]`: many cycles against an embedded PostgreSQL; prints the figures. */
export async function runHaBench(args: readonly string[]): Promise<void> {
  const { startEmbeddedPostgres } = await import('../src/demo/embedded-postgres.js');
  const cycles = Number(args.find((a) => /^\d+$/.test(a)) ?? 40);
  const seed = Number(process.env.PGWARDEN_HA_SEED ?? Date.now() % 1_000_000);
  const log = (m: string) => process.stderr.write(`bench ha: ${m}\n`);
  const server = await startEmbeddedPostgres();
  try {
    const debugAlertmanager = process.env.PGWARDEN_HA_DEBUG === '1';
    const result = await runHaMeasurement({ databaseUrl: server.url, cycles, seed, log, debugAlertmanager });
    const bad = result.cycles.filter((c) => c.firing !== 1 || c.resolved !== 1);
    process.stdout.write(
      `HA pair (2 agents, delivery: alertmanager_only) -> 2-node Alertmanager 0.25 cluster, seed ${seed}\n\n` +
        `| cycles | SIGKILLs | notifications expected | duplicates | losses |\n| --- | --- | --- | --- | --- |\n` +
        `| ${cycles} | ${result.kills} | ${2 * cycles} | ${result.duplicates} | ${result.losses} |\n` +
        bad.map((c) => `cycle ${c.cycle}: firing ${c.firing}, resolved ${c.resolved}: ${c.timeline}\n`).join(''),
    );
  } finally {
    await server.stop();
  }
}
