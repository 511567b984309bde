// `delivery: alertmanager_only`: the agent evaluates and forwards to Alertmanager, and notifies nothing itself, even
// with a receiver configured. The "Alertmanager" here is a loopback HTTP server recording what it is posted; the real
// Alertmanager cluster is in test/interop/alertmanager-ha.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../../support/agent-process.js';
import { eventually, startReceiver, type Received } from '../../support/http-receiver.js';
import { testDatabaseUrl } from '../../support/postgres.js';
import { writeIdleAlertFixture } from '../../support/idle-alert-fixture.js';

const ALERT = 'AlertmanagerOnlyIdle';

/** The status of our alert in every POST /api/v2/alerts body, in order ("firing" while endsAt is ahead). */
function forwarded(received: readonly Received[]): string[] {
  return received
    .filter((r) => r.path === '/api/v2/alerts')
    .flatMap((r) => r.body as { labels: { alertname: string }; endsAt: string }[])
    .filter((a) => a.labels.alertname === ALERT)
    .map((a) => (Date.parse(a.endsAt) > Date.now() ? 'firing' : 'resolved'));
}

describe('delivery: alertmanager_only', () => {
  let agent: AgentProcess | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await agent?.stop();
    for (const close of closers) await close();
  });

  it('forwards firing and resolved to Alertmanager and sends nothing to its own receiver', async () => {
    const hook = await startReceiver();
    const alertmanager = await startReceiver();
    closers.push(hook.close, alertmanager.close);
    const fixture = writeIdleAlertFixture({
      application: 'pgwarden-am-only',
      alert: ALERT,
      receiverUrl: hook.url,
      alertingLines: [
        'delivery: { mode: alertmanager_only, alertmanager_resend: 2s }',
        `alertmanagers: ["http://127.0.0.1:${alertmanager.port}"]`,
      ],
    });
    agent = await startAgent(['--config', fixture.config, '--web.listen-address=127.0.0.1:0'], {
      DATABASE_URL: testDatabaseUrl(),
    });
    const idle = await fixture.openIdleSession();
    await eventually(() => forwarded(alertmanager.received).includes('firing'), 30_000, 'firing forwarded');
    await idle.query('ROLLBACK');
    await idle.end();
    await eventually(() => forwarded(alertmanager.received).includes('resolved'), 30_000, 'resolved forwarded');
    await new Promise((r) => setTimeout(r, 3000)); // the receiver's group_wait and group_interval (1s) have passed
    expect(hook.received).toEqual([]);
    const pending = (await (await fetch(`${agent.url}/api/v1/notifications`)).json()) as {
      data: { pending: unknown[] };
    };
    expect(pending.data.pending).toEqual([]);
  });
});
