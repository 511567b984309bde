// A rule that flaps on a real database: after the first changes, one "flapping" notification instead of one per
// change, and one "stopped flapping" when it settles. The agent as a process, a loopback webhook receiver.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { writeIdleAlertFixture, type IdleAlertFixture } from '../support/idle-alert-fixture.js';

interface Hook {
  alerts: { status: string; labels: Record<string, string> }[];
}

describe('flap control', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let agent: AgentProcess;
  let fixture: IdleAlertFixture;
  let idle: pg.Client | undefined;
  const hooks = () => receiver.received.map((r) => r.body as Hook);
  const flapState = (h: Hook) => h.alerts.find((a) => a.labels.flapping === 'true')?.status;

  beforeAll(async () => {
    receiver = await startReceiver();
    fixture = writeIdleAlertFixture({
      application: 'pgwarden-test-flapping',
      alert: 'TestFlapping',
      receiverUrl: receiver.url,
      alertingLines: ['flap_detection: { window: 20s, high_changes: 3, low_changes: 0 }'],
    });
    agent = await startAgent(['--config', fixture.config, '--web.listen-address=127.0.0.1:0'], {
      DATABASE_URL: testDatabaseUrl(),
    });
  });

  afterAll(async () => {
    await idle?.end().catch(() => undefined);
    await agent?.stop();
    await receiver?.close();
  });

  it('sends one flapping notification, nothing per change while it flaps, and one when it settles', async () => {
    idle = await fixture.openIdleSession();
    const firing = async () => {
      const body = (await (await fetch(`${agent.url}/api/v1/alerts`)).json()) as {
        data: { alerts: { labels: Record<string, string>; flapping?: boolean }[] };
      };
      return body.data.alerts.find((a) => a.labels.alertname === 'TestFlapping');
    };
    let sawFlappingInApi = false;
    // Nine rounds, a change every 3 s: firing, resolved, firing, ..., and left resolved.
    for (let i = 0; i < 9; i++) {
      await eventually(
        async () => (i % 2 === 0) === ((await firing()) !== undefined) || undefined,
        10_000,
        `change ${i}`,
      );
      if ((await firing())?.flapping === true) sawFlappingInApi = true;
      await new Promise((r) => setTimeout(r, 2000));
      await idle.query(i % 2 === 0 ? 'ROLLBACK' : 'BEGIN; SELECT 1');
    }
    expect(sawFlappingInApi).toBe(true);
    const flappingAt = hooks().findIndex((h) => flapState(h) === 'firing');
    expect(flappingAt).toBeGreaterThan(0);
    // Nothing after the flapping notification while it flaps: the later changes were held.
    expect(hooks().slice(flappingAt + 1)).toEqual([]);
    // Left resolved: 20 s later the window is empty, one notification says it stopped flapping.
    await eventually(() => hooks().some((h) => flapState(h) === 'resolved') || undefined, 40_000, 'stopped flapping');
    await new Promise((r) => setTimeout(r, 3000));
    const after = hooks().slice(flappingAt + 1);
    expect(after).toHaveLength(1);
    expect(flapState(after[0]!)).toBe('resolved');
    expect(after[0]!.alerts.find((a) => !a.labels.flapping)?.status).toBe('resolved');
  }, 120_000);
});
