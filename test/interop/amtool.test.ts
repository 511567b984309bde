// The real amtool (Debian's prometheus-alertmanager 0.25) against the running agent: `alert query` lists the agent's
// alerts (active, silenced), `silence add` mutes one, and `config show` prints the alerting config without secrets.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';

const AMTOOL = '/usr/bin/amtool';

describe('amtool against the agent', () => {
  let agent: AgentProcess;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dir: string;
  const amtool = (...args: string[]) => {
    const result = spawnSync(AMTOOL, [`--alertmanager.url=${agent.url}`, ...args], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: result.status, out: result.stdout, err: result.stderr };
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-amtool-'));
    writeFileSync(
      path.join(dir, 'rules.yml'),
      `groups:
  - name: amtool
    interval: 1s
    rules:
      - alert: AmtoolFires
        expr: vector(1)
        labels: { severity: warning, instance: db1 }
        annotations: { summary: always firing }
      - alert: AmtoolMuted
        expr: vector(2)
        labels: { severity: info, instance: db1 }
`,
    );
    writeFileSync(
      path.join(dir, 'pgwarden.yml'),
      `collection_interval: 1s
evaluation_interval: 1s
rule_files: [rules.yml]
state_dir: state
alerting:
  route: { receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
  receivers:
    - name: hook
      webhook_configs: [{ url: "${receiver.url}?token=HOOKSECRET" }]
      email_configs:
        - { to: dba@example.org, from: pgwarden@example.org, smarthost: "127.0.0.1:25", auth_username: u, auth_password: MAILSECRET }
`,
    );
    agent = await startAgent(['--config', path.join(dir, 'pgwarden.yml'), '--web.listen-address=127.0.0.1:0'], {
      DATABASE_URL: testDatabaseUrl(),
    });
  });

  afterAll(async () => {
    await agent?.stop();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('alert query lists the firing alerts; silence add mutes one', async () => {
    const query = await eventually(
      () => {
        const result = amtool('alert', 'query', '-o', 'json');
        return result.status === 0 && result.out.includes('AmtoolMuted') ? result : undefined;
      },
      30_000,
      'amtool alert query listing both alerts',
    );
    const alerts = JSON.parse(query.out) as { labels: Record<string, string>; receivers: { name: string }[] }[];
    expect(alerts.map((a) => a.labels['alertname']).sort()).toEqual(['AmtoolFires', 'AmtoolMuted']);
    expect(alerts[0]?.receivers).toEqual([{ name: 'hook' }]);
    const filtered = amtool('alert', 'query', 'alertname=AmtoolFires');
    expect(filtered.status).toBe(0);
    expect(filtered.out).toContain('AmtoolFires');
    expect(filtered.out).not.toContain('AmtoolMuted');

    const added = amtool(
      'silence',
      'add',
      'alertname=AmtoolMuted',
      '--comment=interop',
      '--duration=1h',
      '--author=ci',
    );
    expect(added.status, added.err).toBe(0);
    const active = amtool('alert', 'query', '-o', 'json');
    expect((JSON.parse(active.out) as { labels: Record<string, string> }[]).map((a) => a.labels['alertname'])).toEqual([
      'AmtoolFires',
    ]);
    const silenced = amtool('alert', 'query', '--silenced', '-o', 'json');
    const muted = JSON.parse(silenced.out) as { labels: Record<string, string>; status: { silencedBy: string[] } }[];
    expect(muted.map((a) => [a.labels['alertname'], a.status.silencedBy])).toEqual([
      ['AmtoolMuted', [added.out.trim()]],
    ]);
  });

  it('config show prints the alerting config in Alertmanager syntax, secrets masked', () => {
    const shown = amtool('config', 'show');
    expect(shown.status, shown.err).toBe(0);
    expect(shown.out).toContain('receiver: hook');
    expect(shown.out).toContain('<secret>');
    expect(shown.out).not.toMatch(/HOOKSECRET|MAILSECRET/);
    const routes = amtool('config', 'routes', 'show');
    expect(routes.status, routes.err).toBe(0);
    expect(routes.out).toContain('hook');
  });
});
