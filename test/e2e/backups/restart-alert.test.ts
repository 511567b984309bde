// A firing backup alert across a restart of the agent: the shipped PostgresBackupFailed, whose verdict (a checksum
// mismatch) only background verification can give, must stay firing without a resolved or a second firing message.
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../../support/agent-process.js';
import { eventually, startReceiver, type Received } from '../../support/http-receiver.js';
import { testDatabaseUrl } from '../../support/postgres.js';
import { tempDir, writeBackup } from './fixture.js';

function backupFailed(received: readonly Received[]): string[] {
  return received
    .map((r) => r.body as { status: string; alerts: { labels: Record<string, string> }[] })
    .filter((b) => b.alerts.some((a) => a.labels['alertname'] === 'PostgresBackupFailed'))
    .map((b) => b.status);
}

describe('a backup alert across a restart', () => {
  let agent: AgentProcess | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    await agent?.stop();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('stays firing: no resolved message, no second firing message', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const dir = await tempDir('restart-alert');
    cleanups.push(dir.remove);
    const backups = join(dir.path, 'backups');
    await mkdir(backups);
    // The .sha256 names the dump with a wrong hash: only reading the dump finds the mismatch.
    await writeBackup(backups, 'shop_full_20240112_020000.sql.gz', {
      sha256: `${'0'.repeat(64)}  shop_full_20240112_020000.sql.gz\n`,
    });
    const config = join(dir.path, 'pgwarden.yml');
    writeFileSync(
      config,
      `collection_interval: 1s
evaluation_interval: 1s
state_dir: state
backups: [{ path: backups }]
alerting:
  route: { receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
  receivers: [{ name: hook, webhook_configs: [{ url: "${receiver.url}", send_resolved: true }] }]
`,
    );
    const start = () =>
      startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], { DATABASE_URL: testDatabaseUrl() });
    agent = await start();
    await eventually(() => backupFailed(receiver.received).length > 0 || undefined, 30_000, 'PostgresBackupFailed');
    expect(await agent.stop()).toBe(0);
    agent = await start();
    const restarted = agent;
    // Rules run again once the restarted agent has verified the dump (and several rounds after).
    await eventually(
      async () => {
        const body = (await (await fetch(`${restarted.url}/api/v1/alerts`)).json()) as {
          data: { alerts: { labels: Record<string, string>; state: string }[] };
        };
        return body.data.alerts.some((a) => a.labels['alertname'] === 'PostgresBackupFailed' && a.state === 'firing')
          ? true
          : undefined;
      },
      30_000,
      'the alert firing after the restart',
    );
    await new Promise((resolve) => setTimeout(resolve, 5000)); // collections, evaluations and group intervals
    expect(backupFailed(receiver.received)).toEqual(['firing']);
  });
});
