// The built agent follows a real server's log: a failed-login burst fires the shipped PostgresLogFailedLogins
// alert through the notifier, and /api/v1/log/events lists the events masked.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { writeConfigFile } from '../support/config-file.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import * as workload from '../support/log-workload.js';
import { startLoggingPostgres, type LoggingServer } from '../support/logging-postgres.js';

interface Event {
  target: string;
  severity: string;
  message: string;
  statement?: string;
}

describe('server log through the running agent', () => {
  let server: LoggingServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let agent: AgentProcess;
  let config: string;

  beforeAll(async () => {
    server = await startLoggingPostgres();
    receiver = await startReceiver();
    config = writeConfigFile([
      'collection_interval: 1s',
      'evaluation_interval: 1s',
      `rule_files: [${JSON.stringify(path.join(packageRoot(), 'alert-rules', 'serverlog.rules.yml'))}]`,
      'state_dir: state',
      'targets:',
      '  - name: logged',
      `    url: ${JSON.stringify(server.url)}`,
      `    log: { path: ${JSON.stringify(path.join(server.logDir, '*.log'))}, format: stderr }`,
      'alerting:',
      '  route: { receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }',
      '  receivers:',
      '    - name: hook',
      `      webhook_configs: [{ url: "${receiver.url}" }]`,
    ]);
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {});
    const metricsText = async () => (await fetch(`${agent.url}/metrics`)).text();
    await eventually(
      async () => /^pg_log_file_readable(\{[^}]*\})? 1$/m.test(await metricsText()) || undefined,
      30_000,
      'log readable',
    );
  });
  afterAll(async () => {
    await agent?.stop();
    await receiver?.close();
    await server?.stop();
    rmSync(path.dirname(config), { recursive: true, force: true });
  });

  it('a failed-login burst fires PostgresLogFailedLogins through the notifier', async () => {
    await workload.failedLogins(server.url, 12, 'mallory');
    const sent = await eventually(
      () =>
        receiver.received
          .flatMap((r) => (r.body as { alerts: { labels: Record<string, string> }[] }).alerts)
          .find((a) => a.labels.alertname === 'PostgresLogFailedLogins'),
      60_000,
      'the PostgresLogFailedLogins notification',
    );
    expect(sent.labels).toMatchObject({
      user: 'mallory',
      client_addr: '127.0.0.1',
      instance: 'logged',
      severity: 'warning',
    });
    const parsed = parseExposition(await (await fetch(`${agent.url}/metrics`)).text());
    const failures = samplesOf(parsed, 'pg_log_auth_failures_total').find((s) => s.labels.user === 'mallory');
    expect(failures?.value).toBe(12);
  });

  it('/api/v1/log/events lists errors with their statement masked, and never a password', async () => {
    await workload.passwordStatement(server.url, 'hunter2-secret');
    await workload.errors(server.url);
    const events = await eventually(
      async () => {
        const body = (await (await fetch(`${agent.url}/api/v1/log/events?target=logged`)).json()) as {
          data: { events: Event[] };
        };
        const list = body.data.events;
        return list.some((e) => e.statement?.startsWith('CREATE ROLE')) &&
          list.some((e) => e.message === 'division by zero')
          ? list
          : undefined;
      },
      30_000,
      'the events',
    );
    expect(events.find((e) => e.statement?.startsWith('CREATE ROLE'))?.statement).toBe(
      'CREATE ROLE postgres LOGIN PASSWORD ?',
    );
    expect(events.find((e) => e.message.startsWith('password authentication failed'))).toMatchObject({
      severity: 'FATAL',
      target: 'logged',
    });
    for (const endpoint of ['/api/v1/log/events', '/metrics']) {
      expect(await (await fetch(`${agent.url}${endpoint}`)).text()).not.toContain('hunter2');
    }
    expect((await fetch(`${agent.url}/api/v1/log/events?target=nope`)).status).toBe(404);
    expect((await fetch(`${agent.url}/api/v1/log/events?limit=zero`)).status).toBe(400);
    const two = (await (await fetch(`${agent.url}/api/v1/log/events?limit=2`)).json()) as { data: { events: Event[] } };
    expect(two.data.events).toHaveLength(2);
    expect(agent.output()).not.toContain('hunter2');
  });
});
