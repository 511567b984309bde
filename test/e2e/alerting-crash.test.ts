import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { writeIdleAlertFixture } from '../support/idle-alert-fixture.js';

/** The webhook statuses received for the test's alert, in order. */
function statusesOf(received: { body: unknown }[]): string[] {
  return received.map((r) => (r.body as { status: string }).status);
}

describe('an alert that fires and resolves while every receiver is down, then kill -9', () => {
  let agent: AgentProcess | undefined;
  afterAll(async () => {
    await agent?.stop('SIGKILL');
  });

  it('is delivered after the restart, firing then resolved, each once', async () => {
    // Reserve a port for the receiver, then close it: the receiver is "down" until it listens there again.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();
    const fixture = writeIdleAlertFixture({
      application: 'pgwarden-crash-idle',
      alert: 'CrashTestIdle',
      receiverUrl: `http://127.0.0.1:${port}/hook`,
      alertingLines: ['delivery: { initial_backoff: 500ms, max_backoff: 1s }'],
    });
    const config = fixture.config;
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {
      DATABASE_URL: testDatabaseUrl(),
    });
    const running = agent;
    const idle = await fixture.openIdleSession();
    const pending = async () =>
      ((await (await fetch(`${running.url}/api/v1/notifications`)).json()) as { data: { pending: unknown[] } }).data
        .pending;
    await eventually(
      async () => ((await pending()).length > 0 ? true : undefined),
      20_000,
      'a firing notification in the outbox',
    );
    await idle.query('ROLLBACK');
    await idle.end();
    // Both notifications are due and undeliverable; then the process dies without any chance to flush.
    await eventually(
      async () => ((await pending()).length > 1 ? true : undefined),
      20_000,
      'the resolved notification too',
    );
    await agent.stop('SIGKILL');

    const receiver = await startReceiver(port);
    try {
      agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {
        DATABASE_URL: testDatabaseUrl(),
      });
      await eventually(
        () => (statusesOf(receiver.received).includes('resolved') ? true : undefined),
        30_000,
        'resolved',
      );
      await new Promise((r) => setTimeout(r, 3000)); // a few more group intervals: nothing is sent twice
      expect(statusesOf(receiver.received)).toEqual(['firing', 'resolved']);
    } finally {
      await receiver.close();
    }
  });
});
