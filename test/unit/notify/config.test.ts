import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertingConfigSchema } from '../../../src/notify/config.js';
import { alertmanagerName } from '../../../src/notify/forward.js';

// A configuration as users paste it from an Alertmanager setup.
const pasted = `
global:
  smtp_from: alerts@example.org
  smtp_smarthost: mail.example.org:587
  smtp_auth_username: alerts
  smtp_auth_password_file: /run/secrets/smtp
route:
  receiver: team
  group_by: ['alertname', 'cluster']
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - matchers: ['severity=~"critical|warning"', 'team = dba']
      receiver: dba
      continue: true
    - match: { severity: info }
      match_re: { instance: 'db.*' }
      receiver: team
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: ['alertname']
receivers:
  - name: team
    email_configs:
      - to: team@example.org
        send_resolved: true
        headers: { X-Team: db }
        tls_config: { insecure_skip_verify: false, server_name: mail.example.org }
  - name: dba
    slack_configs:
      - api_url_file: /run/secrets/slack
        channel: '#dba'
        title: '{{ .CommonLabels.alertname }}'
    webhook_configs:
      - url: http://127.0.0.1:9000/hook
        max_alerts: 10
alertmanagers: ['http://am1:9093']
`;

function issues(input: unknown): string[] {
  const result = alertingConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('alertingConfigSchema', () => {
  it('accepts an Alertmanager configuration and fills Alertmanager defaults', () => {
    const config = alertingConfigSchema.parse(parse(pasted));
    expect(config.receivers[0]?.email_configs?.[0]?.send_resolved).toBe(true);
    expect(config.receivers[1]?.slack_configs?.[0]?.send_resolved).toBe(false);
    expect(config.receivers[1]?.webhook_configs?.[0]?.send_resolved).toBe(true);
    expect(config.builtin_inhibit_rules).toBe(true);
    expect(config.delivery.initial_backoff).toBe('1s');
  });

  it.each([
    [{ route: { receiver: 'nobody' } }, 'route.receiver: undefined receiver "nobody"'],
    [
      { route: { receiver: 'r', routes: [{ receiver: 'x' }] }, receivers: [{ name: 'r' }] },
      'route.routes.0.receiver: undefined receiver "x"',
    ],
    [
      { route: { receiver: 'r', group_wait: '5 minutes' }, receivers: [{ name: 'r' }] },
      'route.group_wait: invalid duration (expected e.g. 30s, 5m, 1h30m)',
    ],
    [
      { route: { receiver: 'r', routes: [{ matchers: ['sev~"x"'] }] }, receivers: [{ name: 'r' }] },
      'route.routes.0.matchers.0: invalid matcher',
    ],
    [
      { route: { receiver: 'r', matchers: ['a="b"'] }, receivers: [{ name: 'r' }] },
      'route: the root route must not have matchers',
    ],
    [
      { route: { receiver: 'r' }, receivers: [{ name: 'r', webhook_configs: [{}] }] },
      'receivers.0.webhook_configs.0: url or url_file is required',
    ],
    [
      {
        route: { receiver: 'r' },
        receivers: [{ name: 'r', slack_configs: [{ api_url: 'http://x/', api_url_file: '/f' }] }],
      },
      'receivers.0.slack_configs.0: at most one of api_url and api_url_file may be set',
    ],
    [
      { route: { receiver: 'r' }, receivers: [{ name: 'r', email_configs: [{ to: 'a@b' }] }] },
      'receivers.0.email_configs.0: no from address',
    ],
    [
      { route: { receiver: 'r' }, receivers: [{ name: 'r', victorops_configs: [{}] }] },
      'receivers.0: Unrecognized key',
    ],
    [
      { route: { receiver: 'r' }, receivers: [{ name: 'r' }, { name: 'r' }] },
      'receivers.1.name: duplicate receiver "r"',
    ],
    [{ receivers: [{ name: 'r' }] }, 'route: receivers are configured but no route sends to them'],
    [
      {
        route: { receiver: 'r' },
        receivers: [{ name: 'r', slack_configs: [{ api_url: 'http://x/', text: '{{ range .Alerts }}' }] }],
      },
      'receivers.0.slack_configs.0.text: invalid template',
    ],
  ])('rejects %j naming the path', (input, message) => {
    expect(issues(input).join('\n')).toContain(message);
  });
});

describe('alertmanagers (issue: a URL without a scheme showed its password in a /metrics label)', () => {
  it('rejects a URL without http(s) scheme, naming the field and not the password', () => {
    const result = alertingConfigSchema.safeParse({ alertmanagers: ['pgwarden:AMSECRET@am:9093'] });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['alertmanagers', 0]);
    expect(issue.message).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
    expect(JSON.stringify(result.error!.issues)).not.toContain('AMSECRET');
  });

  it.each([
    ['http://pgwarden:AMSECRET@am:9093/', 'http://am:9093'],
    ['https://am.example.org/secret-path', 'https://am.example.org'],
    ['pgwarden:AMSECRET@am:9093', 'alertmanager'],
    ['not a url', 'alertmanager'],
  ])('%s is named %s in labels and logs', (url, name) => {
    expect(alertmanagerName(url)).toBe(name);
  });
});
