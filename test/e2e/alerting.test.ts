import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually, startReceiver, type Received } from '../support/http-receiver.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { freePort } from '../../src/demo/free-port.js';
import { writeIdleAlertFixture, type IdleAlertFixture } from '../support/idle-alert-fixture.js';

interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt: string;
}

async function alerts(agent: AgentProcess): Promise<ApiAlert[]> {
  const body = (await (await fetch(`${agent.url}/api/v1/alerts`)).json()) as { data: { alerts: ApiAlert[] } };
  return body.data.alerts.filter((a) => a.labels.alertname === 'TestIdleInTransaction');
}

function statuses(received: Received[]): string[] {
  return received.filter((r) => r.path === '/hook').map((r) => (r.body as { status: string }).status);
}

describe('alerts on a real database, delivered to a webhook, across a restart', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let agent: AgentProcess | undefined;
  let idle: pg.Client | undefined;
  let config: string;
  let fixture: IdleAlertFixture;

  beforeAll(async () => {
    receiver = await startReceiver();
    fixture = writeIdleAlertFixture({
      application: 'pgwarden-test-idle',
      alert: 'TestIdleInTransaction',
      ruleLines: [
        'for: 2s',
        'labels: { severity: warning }',
        "annotations: { summary: '{{ $value }} session idle in transaction on {{ $labels.instance }}' }",
      ],
      receiverUrl: receiver.url,
      slack: { url: receiver.url.replace(/\/hook$/, '/slack'), text: '{{ range .Alerts }}value={{ .Value }}{{ end }}' },
    });
    config = fixture.config;
  });

  afterAll(async () => {
    await idle?.end().catch(() => undefined);
    await agent?.stop();
    await receiver?.close();
  });

  it('goes pending, then firing, and notifies once', async () => {
    // A known port: links in messages are built from the listen address.
    agent = await startAgent(['--config', config, `--web.listen-address=127.0.0.1:${await freePort()}`], {
      DATABASE_URL: testDatabaseUrl(),
    });
    idle = await fixture.openIdleSession();
    const current = agent;
    await eventually(async () => (await alerts(current)).find((a) => a.state === 'pending'), 20_000, 'pending');
    const firing = await eventually(
      async () => (await alerts(current)).find((a) => a.state === 'firing'),
      20_000,
      'firing',
    );
    expect(firing.annotations.summary).toBe(`1 session idle in transaction on ${firing.labels.instance}`);
    await eventually(() => receiver.received.length > 0 || undefined, 20_000, 'a webhook notification');
    expect(statuses(receiver.received)).toEqual(['firing']);
    // The notification's alert link opens the agent's alert page with that alert highlighted.
    const sent = (receiver.received[0]?.body as { alerts: { fingerprint: string }[] }).alerts[0];
    const page = await (await fetch(`${current.url}/alerts?fingerprint=${sent?.fingerprint}`)).text();
    expect(page).toMatch(new RegExp(`<tr\\s+id="${sent?.fingerprint}"\\s+class="highlight" aria-current="true"`));
    // Its source link (generatorURL) opens the console's query page with the rule's expression and its result.
    const generator = (receiver.received[0]?.body as { alerts: { generatorURL: string }[] }).alerts[0]?.generatorURL;
    expect(generator).toBe(`${current.url}/query?expr=${encodeURIComponent('pg_test_idle_in_transaction > 0')}`);
    const source = await fetch(generator!);
    expect(source.status).toBe(200);
    expect(source.headers.get('content-type')).toMatch(/^text\/html/);
    const sourcePage = await source.text();
    expect(sourcePage).toMatch(/<textarea[^>]*name="expr"[^>]*>\s*pg_test_idle_in_transaction &gt; 0<\/textarea>/);
    expect(sourcePage).toMatch(/<td class="num"><code>1<\/code><\/td>/);
    // The alert's value reaches the message templates (.Alerts[].Value).
    const slack = await eventually(() => receiver.received.find((r) => r.path === '/slack'), 10_000, 'slack message');
    expect(JSON.stringify(slack.body)).toContain('value=1');
    const parsed = parseExposition(await (await fetch(`${current.url}/metrics`)).text());
    const series = samplesOf(parsed, 'ALERTS').filter((s) => s.labels.alertname === 'TestIdleInTransaction');
    expect(series.map((s) => [s.labels.alertstate, s.value])).toEqual([['firing', 1]]);
  });

  it('keeps the firing alert across a restart without notifying again', async () => {
    const before = (await alerts(agent as AgentProcess))[0];
    expect(await agent?.stop()).toBe(0);
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {
      DATABASE_URL: testDatabaseUrl(),
    });
    const current = agent;
    const after = await eventually(
      async () => (await alerts(current)).find((a) => a.state === 'firing'),
      10_000,
      'restored firing',
    );
    expect(after.activeAt).toBe(before?.activeAt);
    await new Promise((r) => setTimeout(r, 4000)); // several evaluation and group intervals
    expect(statuses(receiver.received)).toEqual(['firing']);
  });

  it('sends resolved when the condition ends', async () => {
    await idle?.query('ROLLBACK');
    await eventually(() => (statuses(receiver.received).includes('resolved') ? true : undefined), 30_000, 'resolved');
    expect(statuses(receiver.received)).toEqual(['firing', 'resolved']);
  });

  it('answers instant queries in Prometheus shape', async () => {
    const url = `${agent?.url}/api/v1/query?query=${encodeURIComponent('sum(pg_up)')}`;
    const body = (await (await fetch(url)).json()) as {
      status: string;
      data: { resultType: string; result: { value: [number, string] }[] };
    };
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('vector');
    expect(body.data.result[0]?.value[1]).toBe('1');
    const bad = await fetch(`${agent?.url}/api/v1/query?query=${encodeURIComponent('no_such_function(x)')}`);
    expect(bad.status).toBe(400);
  });
});
