// remote_write into a real Prometheus 2.42 (Debian `prometheus`, --web.enable-remote-write-receiver): the agent's series
// arrive with the agent's values, and a 2-minute receiver outage with an agent SIGKILL in the middle loses nothing,
// repeats nothing the receiver would reject, and sends in order.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/free-port.js';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { writeConfigFile } from '../support/config-file.js';
import { eventually } from '../support/eventually.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';

const INTERVAL_S = 2;
const OUTAGE_MS = 120_000;

function metricValue(text: string, line: RegExp): number | undefined {
  const match = text.split('\n').find((l) => line.test(l));
  return match === undefined ? undefined : Number(match.split(' ').at(-1));
}

describe('remote_write into Prometheus', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-rw-'));
  let prometheus: PrometheusServer | undefined;
  let agent: AgentProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the same values, and survives a receiver outage and an agent SIGKILL without a gap', async () => {
    const port = await freePort();
    const receiver = { dir: path.join(dir, 'prometheus'), port, extraArgs: ['--web.enable-remote-write-receiver'] };
    prometheus = await startPrometheus([], 30_000, receiver);
    const config = writeConfigFile([
      'targets:',
      '  - name: db',
      `    url: ${testDatabaseUrl()}`,
      `collection_interval: ${INTERVAL_S}s`,
      `state_dir: ${path.join(dir, 'state')}`,
      'remote_write:',
      `  - url: http://127.0.0.1:${port}/api/v1/write`,
      '    queue_config: { batch_send_deadline: 1s, max_backoff: 2s }',
    ]);
    const args = ['--config', config, '--web.listen-address=127.0.0.1:0'];
    agent = await startAgent(args, {});

    // The receiver holds the agent's series with the values /metrics shows.
    const server = prometheus;
    await eventually(async () => {
      const r = await server.query('pg_settings_max_connections{job="pgwarden",instance="db"}');
      return Array.isArray(r.result) && r.result.length === 1;
    }, 30_000);
    const exposed = await (await fetch(`${agent.url}/metrics`)).text();
    const received = (await server.query('pg_settings_max_connections{instance="db"}')).result as Array<{
      value: [number, string];
    }>;
    expect(Number(received[0]?.value[1])).toBe(metricValue(exposed, /^pg_settings_max_connections[ {]/));

    // The outage: the receiver goes away for two minutes; halfway the agent is killed and started again.
    const outageStart = Date.now() / 1000;
    await prometheus.stop();
    prometheus = undefined;
    await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
    const collectedBeforeKill = metricValue(
      await (await fetch(`${agent.url}/metrics`)).text(),
      /^pgwarden_collections_total[ {]/,
    ) as number;
    await agent.stop('SIGKILL');
    agent = await startAgent(args, {});
    await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
    prometheus = await startPrometheus([], 30_000, receiver);

    const running = agent;
    await eventually(async () => {
      const text = await (await fetch(`${running.url}/metrics`)).text();
      return metricValue(text, /^pgwarden_remote_write_samples_pending\{/) === 0;
    }, 60_000);
    const agentText = await (await fetch(`${agent.url}/metrics`)).text();
    expect(metricValue(agentText, /^pgwarden_remote_write_samples_failed_total\{/)).toBe(0);
    expect(metricValue(agentText, /^pgwarden_remote_write_samples_dropped_total\{/)).toBe(0);

    // Every collection is in the receiver, once and in order: pgwarden_collections_total counts the agent's
    // collections, so its samples run 1, 2, 3, … without a hole, with one restart from 1 after the SIGKILL. The last
    // collection before the kill may be lost (collected but not yet on disk); nothing else may be.
    const now = Date.now() / 1000;
    const window = Math.ceil(now - outageStart + 60);
    const range = await prometheus.query(`pgwarden_collections_total{instance="db"}[${window}s]`, now);
    const counts = ((range.result as Array<{ values: Array<[number, string]> }>)[0]?.values ?? []).map(([, v]) =>
      Number(v),
    );
    const restarts = counts.flatMap((c, i) => (i > 0 && c <= (counts[i - 1] as number) ? [i] : []));
    expect(restarts).toHaveLength(1);
    const restart = restarts[0] as number;
    const steps = counts.slice(1).map((c, i) => c - (counts[i] as number));
    expect(steps.filter((step, i) => i + 1 !== restart && step !== 1)).toEqual([]);
    expect(counts[restart]).toBe(1);
    // The first agent's collections through the outage, up to its kill, all arrived.
    expect(counts[restart - 1]).toBeGreaterThanOrEqual(collectedBeforeKill);
    // The outage was covered: the agent collected all through it, one sample per collection.
    expect(counts.length).toBeGreaterThan(OUTAGE_MS / 1000 / (INTERVAL_S + 2));

    // Nothing was refused as out of order or as a conflicting duplicate (Prometheus answers those with 400; a 503
    // while the restarted receiver is not ready yet is retried, as it should be).
    const own = await (await fetch(`${prometheus.url}/metrics`)).text();
    const refused = own
      .split('\n')
      .filter((l) => l.startsWith('prometheus_http_requests_total{') && l.includes('/api/v1/write'))
      .filter((l) => /code="4\d\d"/.test(l));
    expect(
      refused.map((l) => Number(l.split(' ').at(-1))).reduce((a, b) => a + b, 0),
      refused.join('\n'),
    ).toBe(0);
  }, 360_000);
});
