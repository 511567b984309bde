// The shipped pgwarden.rules.yml evaluated by the agent over its own metrics: a dead-lettered notification fires
// PgwardenNotificationsDeadLettered, and the Watchdog reaches the dead-man's-switch route and never the team's.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/free-port.js';
import { packageRoot } from '../../src/paths.js';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { fastAgentLines, writeConfigFile } from '../support/config-file.js';
import { eventually } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';

interface Hook {
  alerts: { labels: Record<string, string> }[];
}

describe("the agent's own alerts", () => {
  const received: { path: string; body: Hook }[] = [];
  // The team's webhook refuses every message (404: permanent), the dead man's switch accepts.
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) as Hook });
      res.writeHead(req.url === '/dms' ? 200 : 404).end();
    });
  });
  let agent: AgentProcess;
  const names = (where: string) =>
    received.filter((r) => r.path === where).flatMap((r) => r.body.alerts.map((a) => a.labels.alertname));

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = writeConfigFile([
      ...fastAgentLines(testDatabaseUrl()),
      `rule_files: [boom.yml, ${JSON.stringify(path.join(packageRoot(), 'alert-rules', 'pgwarden.rules.yml'))}]`,
      'state_dir: state',
      'alerting:',
      '  route:',
      '    receiver: team',
      '    group_by: [alertname]',
      '    group_wait: 1s',
      '    group_interval: 1s',
      '    routes:',
      '      - { matchers: [alertname="Watchdog"], receiver: dms }',
      '  receivers:',
      `    - { name: team, webhook_configs: [{ url: "${base}/team" }] }`,
      `    - { name: dms, webhook_configs: [{ url: "${base}/dms" }] }`,
    ]);
    writeFileSync(
      path.join(path.dirname(config), 'boom.yml'),
      'groups:\n  - name: t\n    rules:\n      - alert: Boom\n        expr: vector(1)\n        labels: { severity: warning }\n',
    );
    // A known port: the instance label comes from the agent's URL (built from the listen address).
    agent = await startAgent(['--config', config, `--web.listen-address=127.0.0.1:${await freePort()}`], {});
  });

  afterAll(async () => {
    await agent?.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fires PgwardenNotificationsDeadLettered over its own metrics; the Watchdog goes to its own route only', async () => {
    await eventually(() => names('/dms').includes('Watchdog') || undefined, 30_000, 'the Watchdog at the switch');
    const alert = await eventually(
      async () => {
        const body = (await (await fetch(`${agent.url}/api/v1/alerts`)).json()) as {
          data: { alerts: { labels: Record<string, string>; state: string }[] };
        };
        return body.data.alerts.find((a) => a.labels.alertname === 'PgwardenNotificationsDeadLettered');
      },
      30_000,
      'PgwardenNotificationsDeadLettered',
    );
    expect(alert.state).toBe('firing');
    expect(alert.labels).toMatchObject({ job: 'pgwarden', instance: new URL(agent.url).host, severity: 'warning' });
    expect(names('/team')).toContain('Boom');
    expect(names('/team')).not.toContain('Watchdog');
  }, 60_000);
});
