// `*_file` secrets are read relative to the config directory; failures name the config path, never the secret.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertingConfigSchema, Notifier, resolveAlertingSecrets } from '../../../src/notify/index.js';
import { silentLogger } from '../../../src/log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgwarden-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (slackFile: string) =>
  alertingConfigSchema.parse({
    global: { smtp_from: 'a@example.org', smtp_smarthost: '127.0.0.1:25', smtp_auth_password_file: 'smtp.txt' },
    route: { receiver: 'r' },
    receivers: [
      {
        name: 'r',
        email_configs: [{ to: 'b@example.org', auth_password_file: join(dir, 'smtp.txt') }],
        slack_configs: [{ api_url_file: slackFile }],
        webhook_configs: [{ url: 'http://127.0.0.1:1/' }, { url_file: 'hook.txt' }],
      },
    ],
  });

describe('resolveAlertingSecrets', () => {
  it('loads *_file values (relative to the base dir), strips the trailing newline and drops the _file keys', async () => {
    await writeFile(join(dir, 'smtp.txt'), 's3cret\n');
    await writeFile(join(dir, 'slack.txt'), 'https://hooks.slack.example/services/T/B/X\n');
    await writeFile(join(dir, 'hook.txt'), 'http://127.0.0.1:2/hook');
    const resolved = await resolveAlertingSecrets(config('slack.txt'), dir);
    expect(resolved.global?.smtp_auth_password).toBe('s3cret');
    expect(resolved.receivers[0]?.email_configs?.[0]).toMatchObject({ auth_password: 's3cret' });
    expect(resolved.receivers[0]?.email_configs?.[0]).not.toHaveProperty('auth_password_file');
    expect(resolved.receivers[0]?.slack_configs?.[0]?.api_url).toBe('https://hooks.slack.example/services/T/B/X');
    expect(resolved.receivers[0]?.webhook_configs?.map((w) => w.url)).toEqual([
      'http://127.0.0.1:1/',
      'http://127.0.0.1:2/hook',
    ]);
  });

  it('names the config path of a missing file', async () => {
    await writeFile(join(dir, 'smtp.txt'), 's3cret\n');
    await writeFile(join(dir, 'hook.txt'), 'http://127.0.0.1:2/hook');
    await expect(resolveAlertingSecrets(config('missing.txt'), dir)).rejects.toThrow(
      `alerting.receivers[0].slack_configs[0].api_url_file: cannot read secret file "${join(dir, 'missing.txt')}": ENOENT`,
    );
  });

  it('Notifier.open refuses a config whose secret files were not loaded', async () => {
    await expect(
      Notifier.open({ config: config('slack.txt'), stateDir: dir, logger: silentLogger(), externalUrl: '' }),
    ).rejects.toThrow('alerting.global.smtp_auth_password_file: secret file not loaded');
  });
});
