import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { evaluateInstant, parsePromql, SampleStore } from '../../../src/promql/index.js';
import { alertsApiResponse, rulesApiResponse } from '../../../src/rules/api.js';
import type { RuleGroupDefinition } from '../../../src/rules/definitions.js';
import { parseRuleFile } from '../../../src/rules/load.js';
import { RuleManager } from '../../../src/rules/manager.js';
import type { NotifiableAlert } from '../../../src/rules/notifiable.js';

const RULES = `groups:
  - name: pg
    interval: 30s
    rules:
      - record: job:pg_up:sum
        expr: sum by (job) (pg_up)
        labels:
          recorded: "yes"
      - alert: PostgresDown
        expr: pg_up == 0
        for: 1m
        labels:
          severity: critical
          instance_upper: "{{ toUpper $labels.instance }}"
        annotations:
          summary: "{{ $labels.instance }} down, value {{ $value }}"
      - alert: Broken
        expr: pg_up
        labels:
          instance: same
      - alert: JobCountLow
        expr: job:pg_up:sum < 2
`;

const T0 = 1_700_000_000_000;

function definitions(text = RULES): RuleGroupDefinition[] {
  const parsed = parseRuleFile('rules.yml', text);
  expect(parsed.problems).toEqual([]);
  return parsed.groups;
}

function query(store: SampleStore, expr: string, t: number) {
  const result = evaluateInstant(parsePromql(expr), store, t);
  if (result.resultType !== 'vector') throw new Error('expected a vector');
  return result.result.map((s) => ({ ...s.metric, value: String(s.value) }));
}

describe('rule manager over the real store and evaluator', () => {
  let store: SampleStore;
  let sent: NotifiableAlert[][];
  let manager: RuleManager;
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-state-'));
    store = new SampleStore({ retentionMs: 3_600_000 });
    sent = [];
    manager = new RuleManager({
      store,
      logger: silentLogger(),
      evaluationIntervalMs: 60_000,
      externalURL: 'http://pgwarden:9187/',
      baseDir: stateDir,
      stateDir,
      onAlerts: (alerts) => sent.push(alerts),
      now: () => T0,
    });
    manager.setGroups(definitions());
  });
  afterEach(async () => {
    await manager.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  function scrape(t: number, a: number, b: number): void {
    store.appendScrape(
      'pg',
      [
        { labels: { __name__: 'pg_up', job: 'pg', instance: 'a' }, value: a },
        { labels: { __name__: 'pg_up', job: 'pg', instance: 'b' }, value: b },
      ],
      t,
    );
  }

  it('records, alerts through pending to firing, keeps going when one rule fails, and writes ALERTS', () => {
    scrape(T0, 1, 0);
    manager.evaluateAll(T0);
    expect(query(store, 'job:pg_up:sum', T0)).toEqual([
      { __name__: 'job:pg_up:sum', job: 'pg', recorded: 'yes', value: '1' },
    ]);
    expect(query(store, 'ALERTS', T0)).toEqual([
      {
        __name__: 'ALERTS',
        alertname: 'PostgresDown',
        alertstate: 'pending',
        instance: 'b',
        instance_upper: 'B',
        job: 'pg',
        severity: 'critical',
        value: '1',
      },
      { __name__: 'ALERTS', alertname: 'JobCountLow', alertstate: 'firing', job: 'pg', recorded: 'yes', value: '1' },
    ]);
    const broken = manager.groups[0]?.rules[2];
    expect(broken?.health.health).toBe('err');
    expect(broken?.health.lastError).toBe('vector contains metrics with the same labelset after applying alert labels');
    expect(sent.flat().map((a) => a.labels.alertname)).toEqual(['JobCountLow']);

    scrape(T0 + 60_000, 1, 0);
    manager.evaluateAll(T0 + 60_000);
    const firing = sent.flat().filter((a) => a.labels.alertname === 'PostgresDown');
    expect(firing).toEqual([
      {
        labels: { alertname: 'PostgresDown', instance: 'b', instance_upper: 'B', job: 'pg', severity: 'critical' },
        annotations: { summary: 'b down, value 0' },
        startsAt: T0 + 60_000,
        endsAt: T0 + 60_000 + 4 * 60_000,
        generatorURL: 'http://pgwarden:9187/query?expr=pg_up%20%3D%3D%200',
        status: 'firing',
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        value: 0,
      },
    ]);
    expect(query(store, 'ALERTS_FOR_STATE{alertname="PostgresDown"}', T0 + 60_000)[0]?.value).toBe(String(T0 / 1000));

    scrape(T0 + 120_000, 1, 1);
    sent = [];
    manager.evaluateAll(T0 + 120_000);
    expect(sent.flat().map((a) => [a.labels.alertname, a.status, a.endsAt])).toEqual([
      ['PostgresDown', 'resolved', T0 + 120_000],
      ['JobCountLow', 'resolved', T0 + 120_000],
    ]);
    expect(query(store, 'ALERTS', T0 + 120_000)).toEqual([]);
  });

  it('adds external labels to what it sends, not to the alerts it keeps', () => {
    const external = new RuleManager({
      store,
      logger: silentLogger(),
      evaluationIntervalMs: 60_000,
      externalLabels: { cluster: 'prod', severity: 'ignored' },
      externalURL: 'http://x',
      baseDir: stateDir,
    });
    external.setGroups(
      definitions(
        RULES.replace(
          'expr: job:pg_up:sum < 2\n',
          'expr: job:pg_up:sum < 2\n        annotations:\n          at: "{{ $externalLabels.cluster }} {{ $externalURL }}"\n',
        ),
      ),
    );
    scrape(T0, 1, 0);
    const alerts = external.evaluateAll(T0);
    expect(alerts[0]?.annotations).toEqual({ at: 'prod http://x' });
    expect(alerts.map((a) => a.labels)).toEqual([
      { cluster: 'prod', severity: 'ignored', alertname: 'JobCountLow', job: 'pg', recorded: 'yes' },
    ]);
    expect(alerts[0]?.fingerprint).not.toBe(external.activeAlerts()[1]?.fingerprint);
    expect(external.activeAlerts()[1]?.labels).toEqual({ alertname: 'JobCountLow', job: 'pg', recorded: 'yes' });
  });

  it('keeps alert state across a reload of unchanged rules, and resets a rule whose expression changed', () => {
    scrape(T0, 1, 0);
    manager.evaluateAll(T0);
    manager.setGroups(definitions());
    expect(manager.activeAlerts().map((a) => [a.labels.alertname, a.state, a.activeAt])).toEqual([
      ['PostgresDown', 'pending', T0],
      ['JobCountLow', 'firing', T0],
    ]);
    manager.setGroups(definitions(RULES.replace('pg_up == 0', 'pg_up < 1')));
    expect(manager.activeAlerts().map((a) => a.labels.alertname)).toEqual(['JobCountLow']);
  });

  it('keeps the last good rules when a reload fails, and reports it in its metrics', async () => {
    await writeFile(
      path.join(stateDir, 'bad.yml'),
      'groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: up ==\n',
    );
    const result = await manager.reload(['bad.yml']);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.line, p.col])).toEqual([[5, 20]]);
    expect(manager.groups.map((g) => g.def.name)).toEqual(['pg']);
    const families = Object.fromEntries(manager.metricFamilies().map((f) => [f.name, f.samples]));
    expect(families.pgwarden_rules_last_reload_successful).toEqual([{ labels: {}, value: 0 }]);

    await writeFile(path.join(stateDir, 'good.yml'), RULES);
    expect((await manager.reload(['good.yml'])).ok).toBe(true);
    scrape(T0, 1, 0);
    manager.evaluateAll(T0);
    const after = Object.fromEntries(manager.metricFamilies().map((f) => [f.name, f.samples]));
    expect(after.pgwarden_rules_last_reload_successful).toEqual([{ labels: {}, value: 1 }]);
    expect(after.pgwarden_rules_last_reload_success_timestamp_seconds).toEqual([{ labels: {}, value: T0 / 1000 }]);
    const group = { rule_group: `${path.join(stateDir, 'good.yml')};pg` };
    expect(after.pgwarden_rule_evaluations_total).toEqual([{ labels: group, value: 4 }]);
    expect(after.pgwarden_rule_evaluation_failures_total).toEqual([{ labels: group, value: 1 }]);
    expect(after.ALERTS?.map((s) => s.labels.alertstate)).toEqual(['pending', 'firing']);
  });

  it('persists alert states atomically and restores them after a restart', async () => {
    scrape(T0, 1, 0);
    manager.evaluateAll(T0);
    await manager.flush();
    const saved = JSON.parse(await readFile(path.join(stateDir, 'alerts.json'), 'utf8')) as { version: number };
    expect(saved.version).toBe(1);

    // Restarted one second after the last save: the pending alert's `for` keeps what it had observed, minus the gap.
    const restarted = new RuleManager({
      store,
      logger: silentLogger(),
      evaluationIntervalMs: 60_000,
      baseDir: stateDir,
      stateDir,
      now: () => T0 + 1_000,
    });
    await restarted.restoreState();
    restarted.setGroups(definitions());
    expect(restarted.activeAlerts().map((a) => [a.labels.alertname, a.state, a.activeAt])).toEqual([
      ['PostgresDown', 'pending', T0 + 1_000],
      ['JobCountLow', 'firing', T0],
    ]);
    scrape(T0 + 61_000, 1, 0);
    const alerts = restarted.evaluateAll(T0 + 61_000);
    // The pending alert's `for` counted its time before the restart; the firing one kept its start.
    expect(alerts.map((a) => [a.labels.alertname, a.status, a.startsAt])).toEqual([
      ['PostgresDown', 'firing', T0 + 61_000],
      ['JobCountLow', 'firing', T0],
    ]);
    // That evaluation saves the states again: wait for it, or afterEach removes the directory under the write.
    await restarted.stop();
  });

  it('serves the Prometheus rules and alerts API shapes', () => {
    scrape(T0, 1, 0);
    manager.evaluateAll(T0);
    const rules = rulesApiResponse(manager);
    expect(rules.status).toBe('success');
    const [group] = rules.data.groups;
    expect(group).toMatchObject({
      name: 'pg',
      file: 'rules.yml',
      interval: 30,
      limit: 0,
      lastEvaluation: '2023-11-14T22:13:20Z',
    });
    expect(group?.rules[0]).toMatchObject({ type: 'recording', name: 'job:pg_up:sum', health: 'ok', lastError: '' });
    expect(group?.rules[1]).toMatchObject({
      type: 'alerting',
      name: 'PostgresDown',
      query: 'pg_up == 0',
      duration: 60,
      keepFiringFor: 0,
      state: 'pending',
      health: 'ok',
      alerts: [
        {
          labels: { alertname: 'PostgresDown', instance: 'b', instance_upper: 'B', job: 'pg', severity: 'critical' },
          annotations: { summary: 'b down, value 0' },
          state: 'pending',
          activeAt: '2023-11-14T22:13:20Z',
          value: '0e+00',
        },
      ],
    });
    expect(group?.rules[2]).toMatchObject({ health: 'err', state: 'inactive', alerts: [] });
    expect(rulesApiResponse(manager, { type: 'record' }).data.groups[0]?.rules.map((r) => r.name)).toEqual([
      'job:pg_up:sum',
    ]);
    expect(alertsApiResponse(manager).data.alerts.map((a) => [a.labels.alertname, a.state, a.value])).toEqual([
      ['PostgresDown', 'pending', '0e+00'],
      ['JobCountLow', 'firing', '1e+00'],
    ]);
  });

  it('evaluates on its own schedule once started, and stops', async () => {
    scrape(Date.now(), 1, 0);
    const timed = new RuleManager({ store, logger: silentLogger(), evaluationIntervalMs: 1000, baseDir: stateDir });
    timed.setGroups(definitions(RULES.replace('interval: 30s', 'interval: 1s')));
    timed.start();
    await vi.waitFor(() => expect(timed.groups[0]?.evaluations).toBeGreaterThanOrEqual(8), {
      timeout: 10_000,
      interval: 50,
    });
    await timed.stop();
    const count = timed.groups[0]?.evaluations;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(timed.groups[0]?.evaluations).toBe(count);
  });
});
