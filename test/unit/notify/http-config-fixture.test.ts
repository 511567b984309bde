// issue 20's "accepted unchanged": a realistic alertmanager.yml full of Prometheus http_config keys
// (test/fixtures/alertmanager/http-config.yml) pasted under `alerting:` loads, its files are read, and the config
// dump (Alertmanager's /api/v2/status) shows none of its secrets.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../../src/agent/agent-config.js';
import { resolveAlertingSecrets, type AlertingConfig } from '../../../src/notify/index.js';
import { alertmanagerConfigYaml } from '../../../src/notify/alerts-v2.js';
import { testCa } from '../../support/tls.js';

const fixture = readFileSync(new URL('../../fixtures/alertmanager/http-config.yml', import.meta.url), 'utf8');

function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgwarden-am-fixture-'));
  mkdirSync(join(dir, 'secrets'));
  const ca = testCa();
  const client = ca.issue('client', { client: true });
  const files: Record<string, string> = {
    'corp-ca.crt': ca.ca,
    'client.crt': client.cert,
    'client.key': client.key,
    'oauth-client-secret': 'oauth-secret-value\n',
    'pagerduty-key': 'pd-routing-key-value',
    'opsgenie-key': 'og-key-value',
    'slack-url': 'https://hooks.slack.com/services/T0/B0/slack-secret-path',
    'slack-bearer': 'slack-bearer-value',
    'webex-bot': 'webex-bot-value',
    'telegram-token': '123:telegram-token-value',
    'relay-password': 'relay-password-value',
    'discord-url': 'https://discord.com/api/webhooks/1/discord-secret-path',
    'teams-url': 'https://corp.webhook.office.com/teams-secret-path',
    'pushover-user': 'pushover-user-value',
    'pushover-token': 'pushover-token-value',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'secrets', name), content);
  const indented = fixture.replace(/^(?=.)/gm, '  ');
  writeFileSync(
    join(dir, 'pgwarden.yml'),
    `targets:\n  - name: db1\n    url: postgresql://monitor@db1:5432/postgres\nalerting:\n${indented}`,
  );
  return dir;
}

describe('a real alertmanager.yml with http_config keys under alerting:', () => {
  it('loads unchanged, its files are read, and its secrets stay out of the config dump', async () => {
    const dir = configDir();
    const loaded = loadAgentConfig(join(dir, 'pgwarden.yml'), {});
    const resolved = await resolveAlertingSecrets(loaded.alerting as AlertingConfig, dir);

    expect(resolved.global?.http_config).toMatchObject({
      proxy_url: 'http://egress-proxy.corp.example:3128',
      no_proxy: '10.0.0.0/8,.corp.example,localhost',
      tls_config: { min_version: 'TLS12' },
    });
    expect(resolved.global?.http_config?.tls_config?.ca).toContain('BEGIN CERTIFICATE');
    const [hook] = resolved.receivers[0]!.webhook_configs!;
    expect(hook!.http_config!.oauth2).toMatchObject({ client_id: 'alertmanager', client_secret: 'oauth-secret-value' });
    expect(hook!.http_config!.tls_config!.key).toContain('PRIVATE KEY');
    const chat = resolved.receivers[2]!;
    expect(chat.slack_configs![0]!.http_config!.authorization).toEqual({
      type: 'Bearer',
      credentials: 'slack-bearer-value',
    });
    expect(chat.discord_configs![0]!.http_config!.authorization!.credentials).toBe('legacy-token-value');
    expect(chat.telegram_configs![0]!.http_config!.basic_auth!.password).toBe('relay-password-value');

    const dump = alertmanagerConfigYaml(resolved);
    for (const secret of ['oauth-secret-value', 'slack-bearer-value', 'legacy-token-value', 'relay-password-value'])
      expect(dump).not.toContain(secret);
    expect(dump).not.toContain('PRIVATE KEY');
  });
});
