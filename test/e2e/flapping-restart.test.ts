// A flapping alert across the agent's life: `pgwarden check --agent` reports it once, in its held state and marked
// flapping; after a SIGKILL and a restart it is still flapping and nothing is notified again; a reload that exempts it
// from flap detection settles it at once (one "stopped flapping" notification). The agent as a process, a real
// database, a loopback webhook receiver.
import { readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { writeIdleAlertFixture, type IdleAlertFixture } from '../support/idle-alert-fixture.js';

interface Hook {
  alerts: { status: string; labels: Record<string, string> }[];
}
interface CheckJson {
  status: string;
  longmsg: string[];
  checks: { name: string; state: string; flapping: boolean }[];
}

const ALERT = 'TestFlapRestart';
const INTERVAL = '<i>always</i>';
const consolePage = async (url: string) => (await fetch(url)).text();

describe('flap control across check, restart and reload', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let agent: AgentProcess;
  let fixture: IdleAlertFixture;
  let idle: pg.Client | undefined;
  const hooks = () => receiver.received.map((r) => r.body as Hook);
  const flapState = (h: Hook) => h.alerts.find((a) => a.labels.flapping === 'true')?.status;
  const start = () =>
    startAgent(['--config', fixture.config, '--web.listen-address=127.0.0.1:0'], { DATABASE_URL: testDatabaseUrl() });
  const check = async (...flags: string[]) => {
    const run = await runCli(['check', '--agent', agent.url, '--rule', ALERT, ...flags]);
    return { code: run.code, out: run.stdout };
  };
  const checkJson = async () => {
    const run = await check('--json');
    return { code: run.code, doc: JSON.parse(run.out) as CheckJson };
  };
  const firingNow = async () => {
    const body = (await (await fetch(`${agent.url}/api/v1/alerts`)).json()) as {
      data: { alerts: { labels: Record<string, string> }[] };
    };
    return body.data.alerts.some((a) => a.labels.alertname === ALERT);
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    fixture = writeIdleAlertFixture({
      application: 'pgwarden-test-flap-restart',
      alert: ALERT,
      ruleLines: ['labels: { severity: critical }'],
      receiverUrl: receiver.url,
      alertingLines: [
        'flap_detection: { window: 2m, high_changes: 3, low_changes: 0 }',
        `time_intervals: [{ name: '${INTERVAL}', time_intervals: [{ weekdays: ['sunday:saturday'] }] }]`,
      ],
    });
    // A route the alert never takes, muted by an interval that is always active (its name tests the escaping).
    const routed = readFileSync(fixture.config, 'utf8').replace(
      'route: { receiver: hook,',
      `route: { routes: [{ matchers: ['alertname="NoSuchAlert"'], receiver: hook, mute_time_intervals: ['${INTERVAL}'] }], receiver: hook,`,
    );
    writeFileSync(fixture.config, routed);
    agent = await start();
  });

  afterAll(async () => {
    await idle?.end().catch(() => undefined);
    await agent?.stop();
    await receiver?.close();
  });

  it('reports a flapping alert once, keeps it across a SIGKILL, and a reload settles it', async () => {
    idle = await fixture.openIdleSession();
    // Firing, then three changes (resolved, firing, resolved): flapping from the third, held as firing.
    for (let i = 0; i < 4; i++) {
      await eventually(async () => (i % 2 === 0) === (await firingNow()) || undefined, 15_000, `change ${i}`);
      if (i === 3) break;
      await new Promise((r) => setTimeout(r, 2000));
      await idle.query(i % 2 === 0 ? 'ROLLBACK' : 'BEGIN; SELECT 1');
    }
    await eventually(() => hooks().some((h) => flapState(h) === 'firing') || undefined, 20_000, 'flapping');

    // Resolved now, held as firing: the check stays CRITICAL, marked flapping, in the JSON and the long output.
    const flapping = await checkJson();
    expect(flapping.code).toBe(2);
    expect(flapping.doc.checks).toEqual([expect.objectContaining({ name: ALERT, state: 'CRITICAL', flapping: true })]);
    expect((await check()).out).toMatch(/^CRITICAL: .*\(flapping\)$/m);
    // The console lists it as flapping, held as firing, and shows the interval active, muting its route, escaped.
    const alertsPage = await consolePage(`${agent.url}/alerts`);
    expect(alertsPage).toMatch(
      /Flapping \(1\)[\s\S]*TestFlapRestart[\s\S]*status warn">flapping[\s\S]*status bad">firing/,
    );
    const notifications = await consolePage(`${agent.url}/notifications`);
    expect(notifications).toContain('&lt;i&gt;always&lt;/i&gt;');
    expect(notifications).not.toContain(INTERVAL);
    expect(notifications).toMatch(
      /active now[\s\S]*route <code>0\.0<\/code>[\s\S]*mute_time_intervals[\s\S]*muted now/,
    );

    const sentBeforeRestart = hooks().length;
    await agent.stop('SIGKILL');
    agent = await start();
    const restartedAt = Date.now();
    await eventually(
      async () => {
        const rules = (await (await fetch(`${agent.url}/api/v1/rules`)).json()) as {
          data: { groups: { lastEvaluation: string }[] };
        };
        return rules.data.groups.some((g) => Date.parse(g.lastEvaluation) > restartedAt + 4000) || undefined;
      },
      30_000,
      'rules evaluating after the restart',
    );
    const restarted = await checkJson();
    expect(restarted.doc.checks).toEqual([expect.objectContaining({ state: 'CRITICAL', flapping: true })]);
    expect(hooks()).toHaveLength(sentBeforeRestart);

    // A reload that exempts the alert: it settles at once; the receiver hears it stopped flapping and resolved.
    const config = readFileSync(fixture.config, 'utf8').replace(
      'low_changes: 0 }',
      `low_changes: 0, overrides: [{ matchers: ['alertname="${ALERT}"'], disabled: true }] }`,
    );
    writeFileSync(fixture.config, config);
    expect((await fetch(`${agent.url}/-/reload`, { method: 'POST' })).status).toBe(200);
    await eventually(() => hooks().some((h) => flapState(h) === 'resolved') || undefined, 20_000, 'settled');
    const after = hooks().slice(sentBeforeRestart);
    expect(after).toHaveLength(1);
    expect(after[0]!.alerts.find((a) => !a.labels.flapping)?.status).toBe('resolved');
    const settled = await checkJson();
    expect(settled.code).toBe(0);
    expect(settled.doc.checks).toEqual([expect.objectContaining({ state: 'OK', flapping: false })]);
    expect(await consolePage(`${agent.url}/alerts`)).toContain('No alert is flapping.');
  }, 150_000);
});
