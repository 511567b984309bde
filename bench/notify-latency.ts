// `npm run bench -- notify-latency [trials]`: the healthy path end to end, from the moment a condition holds in the
// database to the receiver's first request, for pgwarden and for Prometheus + postgres_exporter + Alertmanager 0.25 on
// the same server, the same condition (a session idle in a transaction), at the same 2 s intervals and group_wait 1s.
// Both watch the one condition at once, so the machine's load is shared. Numbers only; nothing asserts a timing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { CLI_ENTRY, launcherNodeFlags } from '../src/cli/node-flags.js';
import { startEmbeddedPostgres } from '../src/demo/embedded-postgres.js';
import { freePort } from '../src/demo/free-port.js';
import { startAlertmanagers } from './alertmanager-process.js';
import { HookRecorder } from './hook-recorder.js';
import { quantile, sleep } from './measure.js';

const EXPORTER = '/usr/bin/prometheus-postgres-exporter';
const ALERT = 'IdleInTransaction';
const EXPR = `sum(pg_stat_activity_count{state="idle in transaction"}) > 0`;
const ROUTE = {
  receiver: 'hook',
  group_by: ['alertname'],
  group_wait: '1s',
  group_interval: '2s',
  repeat_interval: '1h',
};
const RULES = stringify({ groups: [{ name: 'latency', rules: [{ alert: ALERT, expr: EXPR }] }] });

const log = (message: string) => process.stderr.write(`notify-latency: ${message}\n`);

function started(command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: 'ignore',
  });
  return child;
}

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await fetch(url).catch(() => undefined))?.ok) return;
    await sleep(100);
  }
  throw new Error(`${url} did not come up`);
}

/** One trial: a session idle in a transaction from `at` until both receivers saw the firing and the resolved. */
async function trial(adminUrl: string, hooks: readonly HookRecorder[]): Promise<number[]> {
  const session = new pg.Client({ connectionString: adminUrl, application_name: 'latency-probe' });
  session.on('error', () => undefined); // terminated when the bench stops the server
  await session.connect();
  await session.query('BEGIN');
  await session.query('SELECT 1');
  const at = Date.now();
  const firing = await Promise.all(hooks.map((hook) => hook.next(ALERT, 'firing', 20_000)));
  await session.end();
  await Promise.all(hooks.map((hook) => hook.next(ALERT, 'resolved', 30_000)));
  return firing.map((t) => t - at);
}

export async function runNotifyLatencyBench(args: readonly string[]): Promise<void> {
  const trials = Number(args.find((a) => /^\d+$/.test(a)) ?? 8);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-latency-'));
  const server = await startEmbeddedPostgres();
  const hooks = [await HookRecorder.start(), await HookRecorder.start()] as const;
  const children: ChildProcess[] = [];
  const am = await startAlertmanagers({
    route: ROUTE,
    receivers: [{ name: 'hook', webhook_configs: [{ url: hooks[0].url, send_resolved: true }] }],
  });
  try {
    writeFileSync(path.join(dir, 'rules.yml'), RULES);
    const exporterPort = await freePort();
    children.push(
      started(EXPORTER, [`--web.listen-address=127.0.0.1:${exporterPort}`], {
        DATA_SOURCE_NAME: `${server.url}?sslmode=disable`,
      }),
    );
    const promPort = await freePort();
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '2s', scrape_timeout: '2s', evaluation_interval: '2s' },
        rule_files: [path.join(dir, 'rules.yml')],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [am.nodes[0]!.url.replace('http://', '')] }] }] },
        scrape_configs: [{ job_name: 'postgres', static_configs: [{ targets: [`127.0.0.1:${exporterPort}`] }] }],
      }),
    );
    children.push(
      started('prometheus', [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ]),
    );
    const agentPort = await freePort();
    writeFileSync(
      path.join(dir, 'pgwarden.yml'),
      stringify({
        targets: [{ name: 'latency', url: server.url }],
        collection_interval: '2s',
        evaluation_interval: '2s',
        state_dir: path.join(dir, 'state'),
        rule_files: [path.join(dir, 'rules.yml')],
        alerting: {
          route: ROUTE,
          receivers: [{ name: 'hook', webhook_configs: [{ url: hooks[1].url, send_resolved: true }] }],
        },
      }),
    );
    children.push(
      started(process.execPath, [
        ...launcherNodeFlags(),
        CLI_ENTRY,
        '--config',
        path.join(dir, 'pgwarden.yml'),
        `--web.listen-address=127.0.0.1:${agentPort}`,
      ]),
    );
    await Promise.all([`http://127.0.0.1:${promPort}/-/ready`, `http://127.0.0.1:${agentPort}/metrics`].map(waitUp));
    await sleep(8000); // both have collected and evaluated a few times
    const results: number[][] = [];
    for (let i = 0; i < trials; i++) {
      await sleep(Math.random() * 2000); // the condition at any moment of the intervals
      const [alertmanager, pgwarden] = await trial(server.url, hooks);
      results.push([alertmanager!, pgwarden!]);
      log(`trial ${i + 1}: alertmanager ${alertmanager} ms, pgwarden ${pgwarden} ms`);
    }
    const summary = (side: number) => {
      const values = results.map((r) => r[side]!);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return `mean ${mean.toFixed(0)} ms, median ${quantile(values, 0.5).toFixed(0)} ms, min ${Math.min(...values)}, max ${Math.max(...values)}`;
    };
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    process.stdout.write(
      `condition to first request over ${trials} trials (2 s intervals, group_wait 1s; load ${load}, ${os.cpus().length} cores):\n` +
        `  Prometheus + postgres_exporter + Alertmanager 0.25: ${summary(0)}\n  pgwarden: ${summary(1)}\n`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await am.stop();
    await Promise.all(hooks.map((hook) => hook.stop()));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
