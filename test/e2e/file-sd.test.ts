// Targets from file_sd files come and go without a restart: a DSN built by url_template with the password from
// password_file, the target collected (pg_up 1), and when its entry is removed its firing alert resolves, notified once.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { writeConfigFile } from '../support/config-file.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';

interface Notification {
  status: string;
  alerts: Array<{ status: string; labels: Record<string, string> }>;
}

describe('file_sd_configs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-sd-'));
  let agent: AgentProcess | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  afterAll(async () => {
    await agent?.stop();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, relabels and removes targets at run time; a removed target resolves its alert', async () => {
    receiver = await startReceiver();
    const db = new URL(testDatabaseUrl());
    writeFileSync(path.join(dir, 'password'), decodeURIComponent(db.password));
    const sdFile = path.join(dir, 'sd', 'fleet.json');
    const writeSd = (groups: unknown) => {
      // Written beside and renamed over, as configuration management does, so no half file is ever read.
      writeFileSync(`${sdFile}.tmp`, JSON.stringify(groups));
      renameSync(`${sdFile}.tmp`, sdFile);
    };
    const group = (targets: string[]) => ({
      targets,
      labels: { host: db.hostname, port: db.port, user: decodeURIComponent(db.username), site: 'eu' },
    });
    writeFileSync(
      path.join(dir, 'rules.yml'),
      [
        'groups:',
        '  - name: fleet',
        '    rules:',
        '      - alert: FleetTargetUp',
        '        expr: pg_up == 1',
        '        labels: { severity: info }',
        '',
      ].join('\n'),
    );
    mkdirSync(path.dirname(sdFile), { recursive: true });
    writeSd([group(['one'])]);
    const config = writeConfigFile(
      [
        'collection_interval: 1s',
        'evaluation_interval: 1s',
        `state_dir: ${path.join(dir, 'state')}`,
        `rule_files: [${path.join(dir, 'rules.yml')}]`,
        'file_sd_configs:',
        `  - files: [${path.join(dir, 'sd', '*.json')}]`,
        '    refresh_interval: 1s',
        "    url_template: 'postgresql://{{ .user }}@{{ .host }}:{{ .port }}/postgres?application_name={{ .target }}'",
        `    password_file: ${path.join(dir, 'password')}`,
        'alerting:',
        '  route: { receiver: hook, group_by: [instance], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }',
        `  receivers: [{ name: hook, webhook_configs: [{ url: '${receiver.url}', send_resolved: true }] }]`,
      ],
      path.join(dir, 'pgwarden.yml'),
    );
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {});
    const running = agent;
    const targets = async () =>
      (
        (await (await fetch(`${running.url}/api/v1/targets`)).json()) as {
          data: { activeTargets: Array<{ labels: Record<string, string>; health: string }> };
        }
      ).data.activeTargets;

    await eventually(
      async () => (await targets()).some((t) => t.labels.instance === 'one' && t.health === 'up'),
      30_000,
      'one up',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${running.output()}`);
    });
    expect((await targets()).find((t) => t.labels.instance === 'one')?.labels.site).toBe('eu');

    // Added at run time, without a restart.
    writeSd([group(['one', 'two'])]);
    await eventually(
      async () => (await targets()).some((t) => t.labels.instance === 'two' && t.health === 'up'),
      30_000,
      'two up',
    );

    // Removed: its firing alert resolves and is notified once.
    const messages = () => receiver?.received.map((r) => r.body as Notification) ?? [];
    const firingFor = (name: string) =>
      messages().some((m) => m.status === 'firing' && m.alerts.some((a) => a.labels.instance === name));
    await eventually(() => firingFor('two') || undefined, 30_000, 'firing for two');
    writeSd([group(['one'])]);
    await eventually(
      async () => !(await targets()).some((t) => t.labels.instance === 'two') || undefined,
      30_000,
      'two gone',
    );
    const resolvedFor = (name: string) =>
      messages().filter((m) => m.alerts.some((a) => a.labels.instance === name && a.status === 'resolved'));
    await eventually(() => resolvedFor('two').length > 0 || undefined, 30_000, 'resolved for two');
    await new Promise((r) => setTimeout(r, 4000));
    expect(resolvedFor('two')).toHaveLength(1);
    expect(resolvedFor('one')).toHaveLength(0);
    expect(agent.output()).not.toContain(decodeURIComponent(db.password));
  });
});
