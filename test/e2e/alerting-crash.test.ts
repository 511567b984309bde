import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';

/** The webhook statuses received for the test's alert, in order. */
function statusesOf(received: { body: unknown }[]): string[] {
  return received.map((r) => (r.body as { status: string }).status);
}

describe('an alert that fires and resolves while every receiver is down, then kill -9', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-crash-'));
  let agent: AgentProcess | undefined;
  afterAll(async () => {
    await agent?.stop('SIGKILL');
  });

  it('is delivered after the restart, firing then resolved, each once', async () => {
    // Reserve a port for the receiver, then close it: the receiver is "down" until it listens there again.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();
    mkdirSync(path.join(dir, 'collectors'));
    writeFileSync(
      path.join(dir, 'collectors', 'idle.yaml'),
      `name: crash_idle
help: sessions of the crash test idle in transaction
queries:
  "13": "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND application_name = 'pgwarden-crash-idle'"
metrics: [{ column: n, name: pg_crash_idle, type: gauge, help: idle sessions }]
`,
    );
    writeFileSync(
      path.join(dir, 'rules.yml'),
      'groups:\n  - name: crash\n    interval: 1s\n    rules:\n      - alert: CrashTestIdle\n        expr: pg_crash_idle > 0\n',
    );
    const config = path.join(dir, 'pgwarden.yml');
    writeFileSync(
      config,
      `collection_interval: 1s
evaluation_interval: 1s
rule_files: [rules.yml]
state_dir: state
collectors: { directories: [collectors] }
alerting:
  route: { receiver: hook, group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
  receivers: [{ name: hook, webhook_configs: [{ url: "http://127.0.0.1:${port}/hook", send_resolved: true }] }]
  delivery: { initial_backoff: 500ms, max_backoff: 1s }
`,
    );
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {
      DATABASE_URL: testDatabaseUrl(),
    });
    const running = agent;
    const idle = new pg.Client({ connectionString: testDatabaseUrl(), application_name: 'pgwarden-crash-idle' });
    await idle.connect();
    await idle.query('BEGIN');
    await idle.query('SELECT 1');
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
