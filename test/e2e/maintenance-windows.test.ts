// A route's mute window opens and closes around a firing alert, then a target's maintenance mode mutes its resolution:
// a real PostgreSQL target, the agent as a process, a loopback webhook receiver.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { fastAgentLines, writeConfigFile } from '../support/config-file.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { idleCollectorYaml } from '../support/idle-alert-fixture.js';
import { testDatabaseUrl } from '../support/postgres.js';

const APPLICATION = 'pgwarden-test-maintenance';
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A window from the current UTC minute to one that leaves at least 40 s of it (never across midnight). */
async function muteWindow(): Promise<{ start: string; end: string; endsAt: number }> {
  let now = Date.now();
  const msToMidnight = 86_400_000 - (now % 86_400_000);
  if (msToMidnight < 150_000) {
    await new Promise((r) => setTimeout(r, msToMidnight + 1000));
    now = Date.now();
  }
  const minute = now - (now % 60_000);
  const endsAt = minute + (now - minute > 20_000 ? 120_000 : 60_000);
  return { start: hhmm(minute), end: hhmm(endsAt), endsAt };
}

interface Hook {
  status: string;
  alerts: { status: string; labels: Record<string, string>; startsAt: string }[];
}

describe('time intervals and maintenance mode on a real target', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let agent: AgentProcess;
  let idle: pg.Client | undefined;
  let window: Awaited<ReturnType<typeof muteWindow>>;
  const hooks = () => receiver.received.map((r) => r.body as Hook);
  const sentTotal = async () => {
    const families = parseExposition(await (await fetch(`${agent.url}/metrics`)).text());
    return samplesOf(families, 'pgwarden_notifications_total').reduce((sum, s) => sum + s.value, 0);
  };
  const intervals = async () =>
    (
      (await (await fetch(`${agent.url}/api/v1/notifications/time-intervals`)).json()) as {
        data: { name: string; active: boolean; usedBy: unknown[] }[];
      }
    ).data;
  const firing = async () => {
    const body = (await (await fetch(`${agent.url}/api/v1/alerts`)).json()) as {
      data: { alerts: { labels: Record<string, string>; state: string }[] };
    };
    return body.data.alerts.some((a) => a.labels.alertname === 'TestMaintWindow' && a.state === 'firing');
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    window = await muteWindow();
    const config = writeConfigFile([
      ...fastAgentLines(testDatabaseUrl()),
      'rule_files: [rules.yml]',
      'state_dir: state',
      'collectors: { directories: [collectors] }',
      'alerting:',
      '  time_intervals:',
      '    - name: migrations',
      `      time_intervals: [{ times: [{ start_time: "${window.start}", end_time: "${window.end}" }] }]`,
      '  route:',
      '    receiver: hook',
      '    group_by: [alertname]',
      '    group_wait: 1s',
      '    group_interval: 1s',
      '    repeat_interval: 1h',
      '    routes:',
      '      - matchers: [alertname="TestMaintWindow"]',
      '        mute_time_intervals: [migrations]',
      '  receivers:',
      '    - name: hook',
      `      webhook_configs: [{ url: "${receiver.url}", send_resolved: true }]`,
    ]);
    const dir = path.dirname(config);
    mkdirSync(path.join(dir, 'collectors'));
    writeFileSync(path.join(dir, 'collectors', 'idle.yaml'), idleCollectorYaml(APPLICATION));
    writeFileSync(
      path.join(dir, 'rules.yml'),
      [
        'groups:',
        '  - name: test',
        '    interval: 1s',
        '    rules:',
        '      - alert: TestMaintWindow',
        '        expr: pg_test_idle_in_transaction > 0',
        '        labels: { severity: warning }',
        '',
      ].join('\n'),
    );
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {});
  });

  afterAll(async () => {
    await idle?.end().catch(() => undefined);
    await agent?.stop();
    await receiver?.close();
  });

  it('sends nothing inside the mute window and the still-firing alert when it ends', async () => {
    expect(await intervals()).toEqual([
      { name: 'migrations', active: true, usedBy: [{ route: '0.0', receiver: 'hook', as: 'mute' }] },
    ]);
    idle = new pg.Client({ connectionString: testDatabaseUrl(), application_name: APPLICATION });
    await idle.connect();
    await idle.query('BEGIN');
    await idle.query('SELECT 1');
    await eventually(firing, 30_000, 'the alert firing');
    await new Promise((r) => setTimeout(r, 4000)); // several group intervals
    expect(Date.now()).toBeLessThan(window.endsAt); // still inside the window: the assertions below mean something
    expect(hooks()).toEqual([]);
    expect(await sentTotal()).toBe(0);
    const pending = (await (await fetch(`${agent.url}/api/v1/notifications`)).json()) as { data: { pending: [] } };
    expect(pending.data.pending).toEqual([]);

    await eventually(async () => (await intervals())[0]?.active === false || undefined, 150_000, 'window end');
    await eventually(() => hooks().length > 0 || undefined, 20_000, 'the notification after the window');
    expect(Date.now()).toBeGreaterThanOrEqual(window.endsAt);
    await new Promise((r) => setTimeout(r, 3000));
    expect(hooks().map((h) => [h.status, h.alerts.map((a) => a.status)])).toEqual([['firing', ['firing']]]);
    expect(Date.parse(hooks()[0]!.alerts[0]!.startsAt)).toBeLessThan(window.endsAt);
    expect(await sentTotal()).toBe(1);
  }, 200_000);

  it('maintenance mode mutes the target until it is ended', async () => {
    await idle?.query('ROLLBACK');
    await eventually(() => hooks().length > 1 || undefined, 20_000, 'the resolved message');
    expect(hooks().map((h) => h.status)).toEqual(['firing', 'resolved']);

    const url = `${agent.url}/api/v1/targets/db1/maintenance`;
    const post = (body: unknown, target = url, headers: Record<string, string> = {}) =>
      fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({ duration: '1h' }, `${agent.url}/api/v1/targets/nope/maintenance`)).status).toBe(404);
    const tooLong = await post({ duration: '30d' });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ error: expect.stringMatching(/at most 7d/) });
    expect((await post({ duration: '1h' }, url, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(404); // not in maintenance yet

    const started = await post({ duration: '2h', comment: 'migrating db1', createdBy: 'ann' });
    expect(started.status).toBe(200);
    const { data } = (await started.json()) as { data: { silenceID: string } };
    const silences = (await (await fetch(`${agent.url}/api/v2/silences`)).json()) as {
      id: string;
      comment: string;
      createdBy: string;
      status: { state: string };
      matchers: unknown[];
    }[];
    expect(silences.find((s) => s.id === data.silenceID)).toMatchObject({
      comment: 'maintenance of target db1: migrating db1',
      createdBy: 'ann',
      status: { state: 'active' },
      matchers: [{ name: 'instance', value: 'db1', isRegex: false, isEqual: true }],
    });

    await idle?.query('BEGIN'); // fires again while the target is in maintenance
    await idle?.query('SELECT 1');
    await eventually(firing, 20_000, 'the alert firing again');
    await new Promise((r) => setTimeout(r, 4000));
    expect(hooks().map((h) => h.status)).toEqual(['firing', 'resolved']);

    const ended = await fetch(url, { method: 'DELETE' });
    expect(await ended.json()).toEqual({ status: 'success', data: { expired: [data.silenceID] } });
    await eventually(() => hooks().length > 2 || undefined, 20_000, 'the firing message after the maintenance');
    expect(hooks().map((h) => h.status)).toEqual(['firing', 'resolved', 'firing']);
  }, 90_000);
});
