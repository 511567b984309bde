// Every panel of the shipped dashboards, queried through a real Prometheus scraping the built agent: most panels must
// show data on a single primary, and exactly the panels listed below may not, each for the reason its description
// gives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBackupDir } from '../../src/demo/demo-backups.js';
import { shippedRuleFiles } from '../../src/agent/alert-engine.js';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { loadDashboards, queryPanels, substitute, type Panel } from '../support/dashboards.js';
import { startWorkload, type Workload } from '../support/panel-workload.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { hasData, startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';

/** Panels with no data on one primary without standbys, archiving or pgBackRest, and why. */
const EXPECTED_EMPTY: Record<string, string> = {
  'pgwarden-agent.json: Collector failures': 'every collector succeeds',
  'pgwarden-backups.json: pgBackRest stanzas': 'no pgbackrest source configured',
  'pgwarden-backups.json: Restore drill problems': 'every restore drill succeeds',
  'pgwarden-replication.json: Standby lag (bytes behind)': 'primary without standbys',
  'pgwarden-replication.json: Replay lag': 'replica-only',
  'pgwarden-replication.json: WAL receiver': 'replica-only',
  'pgwarden-replication.json: Last WAL archived': 'archive_mode is off on the test server',
  'pgwarden-tables.json: Running vacuums': 'no VACUUM running while Prometheus scrapes',
};

const TEST_RULES = `groups:
  - name: grafana-panels
    rules:
      - alert: GrafanaPanelsDatabaseUp
        expr: pg_up == 1
        labels: { severity: info }
        annotations: { summary: 'The test database is up (fires at once).' }
      - alert: GrafanaPanelsDatabaseUpForAnHour
        expr: pg_up == 1
        for: 1h
        labels: { severity: info }
        annotations: { summary: 'The test database is up (stays pending).' }
`;

/** A webhook receiver on loopback that accepts every notification. */
async function startReceiver(): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const DATABASE = 'grafana_panels';
const WAIT_SECONDS = 35;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('dashboards against a real Prometheus scraping the agent', () => {
  let dir: string;
  let workload: Workload;
  let agent: AgentProcess;
  let prometheus: PrometheusServer;
  let backups: { dir: string; remove(): void };
  let receiver: { url: string; received: () => number; close(): Promise<void> };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-grafana-'));
    workload = await startWorkload(DATABASE);
    backups = createDemoBackupDir(DATABASE, 'CREATE TABLE orders (id int);');
    receiver = await startReceiver();
    // The shipped rule pack, plus one alert that fires and one that stays pending, so the alert panels have alerts to
    // show and the notifier something to send (to a webhook on loopback).
    const testRules = path.join(dir, 'panels.rules.yml');
    writeFileSync(testRules, TEST_RULES);
    const config = path.join(dir, 'pgwarden.yml');
    writeFileSync(
      config,
      JSON.stringify({
        targets: [{ name: 'test', url: testDatabaseUrl() }],
        collection_interval: '1s',
        evaluation_interval: '1s',
        collectors: { enable: ['stat_statements_query'] },
        backups: [
          {
            path: backups.dir,
            retention: '30d',
            // Drills of the demo dumps into the test server itself (the demo does the same).
            restore_test: { server: testDatabaseUrl(), allow_monitored_target: true },
          },
        ],
        rule_files: [...shippedRuleFiles(), testRules],
        alerting: {
          route: { receiver: 'hook', group_wait: '1s', group_interval: '1s', repeat_interval: '2s' },
          receivers: [{ name: 'hook', webhook_configs: [{ url: receiver.url }] }],
        },
        state_dir: path.join(dir, 'state'),
      }),
    );
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {});
    prometheus = await startPrometheus([new URL(agent.url).host]);
    const started = Date.now();
    let maintained = false;
    while (Date.now() - started < WAIT_SECONDS * 1000) {
      await workload.tick();
      if (!maintained && Date.now() - started > (WAIT_SECONDS * 1000) / 2) {
        await workload.maintain();
        maintained = true;
      }
      await sleep(500);
    }
  });

  afterAll(async () => {
    await prometheus?.stop();
    await agent?.stop();
    await workload?.stop();
    backups?.remove();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows data in at least 85 % of the panels, and exactly the expected ones are empty, with a reason', async () => {
    expect(receiver.received(), 'the notifier delivered to the webhook').toBeGreaterThan(0);
    const instance = new URL(agent.url).host;
    const up = await prometheus.query(`pg_up{instance="${instance}"}`);
    expect(hasData(up), 'Prometheus has scraped the agent').toBe(true);
    const end = Date.now() / 1000;
    const substitutions = {
      rateInterval: '30s',
      range: '1m',
      interval: '1s',
      variables: { instance, database: DATABASE, backup_database: DATABASE },
      fallback: '.+',
    };
    const withData = async (panel: Panel & { targets?: Array<{ expr: string; instant?: boolean }> }) => {
      for (const target of panel.targets ?? []) {
        const expr = substitute(target.expr, substitutions);
        const result = target.instant
          ? await prometheus.query(expr, end)
          : await prometheus.queryRange(expr, end - 60, end, 1);
        if (hasData(result)) return true;
      }
      return false;
    };
    const empty: string[] = [];
    let total = 0;
    const perDashboard: string[] = [];
    for (const dashboard of loadDashboards()) {
      const panels = queryPanels(dashboard);
      let filled = 0;
      for (const panel of panels) {
        total += 1;
        if (await withData(panel)) filled += 1;
        else empty.push(`${dashboard.file}: ${panel.title}`);
      }
      perDashboard.push(`${dashboard.file}: ${filled}/${panels.length}`);
    }
    console.log(
      `panels with data: ${total - empty.length}/${total}\n${perDashboard.join('\n')}\nempty:\n${empty.join('\n')}`,
    );
    expect(empty.sort()).toEqual(Object.keys(EXPECTED_EMPTY).sort());
    expect((total - empty.length) / total).toBeGreaterThanOrEqual(0.85);
    const descriptions = new Map(
      loadDashboards().flatMap((d) => queryPanels(d).map((p) => [`${d.file}: ${p.title}`, p.description ?? ''])),
    );
    for (const key of empty) expect(descriptions.get(key), `${key} says why it can be empty`).toMatch(/\S/);
  });
});
