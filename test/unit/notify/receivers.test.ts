// Pure parts of the receivers teams use: Alertmanager's default texts, escaping and truncation, the payload builders,
// the group key's Alertmanager spelling, and the config checks. Payloads are compared with the real Alertmanager in
// test/interop/receivers-payloads.test.ts.
import { describe, expect, it } from 'vitest';
import { alertmanagerGroupKeys } from '../../../src/notify/am-group-key.js';
import { alertingConfigSchema } from '../../../src/notify/config.js';
import { htmlEscape, queryEscape, renderText, subject } from '../../../src/notify/message/am-text.js';
import { messageData, type MessageData } from '../../../src/notify/message/data.js';
import { groupKeyHash, truncateBytes, truncateRunes } from '../../../src/notify/message/http-request.js';
import { buildOpsgenieRequests } from '../../../src/notify/message/opsgenie.js';
import { buildPagerdutyRequest } from '../../../src/notify/message/pagerduty.js';
import { buildPushoverRequest } from '../../../src/notify/message/pushover.js';
import { buildTelegramRequest } from '../../../src/notify/message/telegram.js';
import {
  opsgenieConfigSchema,
  pagerdutyConfigSchema,
  pushoverConfigSchema,
  telegramConfigSchema,
} from '../../../src/notify/receiver-configs.js';
import type { NotifiableAlert } from '../../../src/notify/types.js';

const T = Date.parse('2026-01-01T10:00:00Z');
function alert(status: 'firing' | 'resolved', labels: Record<string, string> = {}): NotifiableAlert {
  return {
    labels: { alertname: 'Lag', instance: 'db1', ...labels },
    annotations: { summary: 'lag' },
    startsAt: T,
    endsAt: status === 'resolved' ? T + 1 : 0,
    generatorURL: 'http://agent/q',
    status,
    fingerprint: JSON.stringify(labels),
  };
}
function data(alerts: NotifiableAlert[], groupLabels: Record<string, string> = { alertname: 'Lag' }): MessageData {
  const notification = {
    id: 'n',
    lane: 'l',
    groupKey: `0:{alertname="Lag"}`,
    receiver: 'team & ops',
    integration: 'pagerduty' as const,
    index: 0,
    groupLabels,
    alerts,
    createdAt: T,
    attempts: 0,
    nextAttemptAt: T,
  };
  return messageData(notification, 'http://am.example');
}

describe("Alertmanager's default texts", () => {
  it.each([
    ['one firing, extra common labels', [alert('firing', { severity: 'critical' })], '[FIRING:1] Lag (db1 critical)'],
    [
      'two firing, no common extra',
      [alert('firing', { instance: 'a' }), alert('firing', { instance: 'b' })],
      '[FIRING:2] Lag ',
    ],
    ['firing and resolved', [alert('firing'), alert('resolved', { x: '1' })], '[FIRING:1] Lag (db1)'],
    ['all resolved: no count', [alert('resolved')], '[RESOLVED] Lag (db1)'],
  ])('subject: %s', (_name, alerts, expected) => {
    expect(subject(data(alerts))).toBe(expected);
  });

  it.each([
    ['team & ops', 'team+%26+ops'],
    ["a/b*c(d)!'~", 'a%2Fb%2Ac%28d%29%21%27~'],
    ['ü', '%C3%BC'],
  ])('urlquery(%j) = %j (Go url.QueryEscape)', (text, expected) => {
    expect(queryEscape(text)).toBe(expected);
  });

  it.each([
    ['<b>"x" & \'y\' + 1</b>', '&lt;b&gt;&#34;x&#34; &amp; &#39;y&#39; &#43; 1&lt;/b&gt;'],
    ['plain', 'plain'],
  ])('html/template escapes %j', (text, expected) => {
    expect(htmlEscape(text)).toBe(expected);
  });

  it('escapes values but not the template text in HTML mode (Telegram)', () => {
    const text = renderText('{{ template "telegram.default.message" . }}', data([alert('firing', { x: 'a<b' })]), {
      html: true,
    });
    expect(text).toContain(' - x = a&lt;b\n');
    expect(text).toContain('Alerts Firing:\n');
  });

  it('renders any other template with the Go-template renderer', () => {
    expect(renderText('{{ .Receiver }}!', data([alert('firing')]))).toBe('team & ops!');
  });
});

describe('truncation as Alertmanager', () => {
  it.each([
    ['abc', 5, 'abc'],
    ['abcdef', 4, 'abc…'],
    ['abcdef', 3, 'abc'],
    ['ééééé', 3, 'ééé'],
  ])('runes: %j to %i', (text, n, expected) => {
    expect(truncateRunes(text, n)).toBe(expected);
  });
  it.each([
    ['abcdef', 6, 'abcdef'],
    ['abcdef', 5, 'ab…'],
    ['ééé', 6, 'ééé'],
    ['éééé', 6, 'é…'],
    ['abcdef', 2, '..'],
  ])('bytes: %j to %i', (text, n, expected) => {
    expect(truncateBytes(text, n)).toBe(expected);
  });
});

describe('PagerDuty', () => {
  const build = (config: Record<string, unknown>, alerts = [alert('firing')]) => {
    const request = buildPagerdutyRequest(
      { ...pagerdutyConfigSchema.parse(config), url: 'https://pd.example/v2' },
      data(alerts),
      '{}:{alertname="Lag"}',
    );
    return { ...request, json: JSON.parse(request.body) as Record<string, Record<string, unknown>> };
  };

  it('v2 with defaults: severity error, source = client, dedup key = hash of the group key, empty fields left out', () => {
    const { json, url, headers } = build({ routing_key: 'rk' });
    expect(url).toBe('https://pd.example/v2');
    expect(headers).toEqual({ 'content-type': 'application/json' });
    expect(json['dedup_key']).toBe(groupKeyHash('{}:{alertname="Lag"}'));
    expect(json['event_action']).toBe('trigger');
    expect(json['payload']).toMatchObject({
      summary: '[FIRING:1] Lag (db1)',
      source: 'Alertmanager',
      severity: 'error',
    });
    expect(Object.keys(json['payload']!)).not.toContain('class');
    expect(json).not.toHaveProperty('links');
    expect(json['payload']!['custom_details']).toMatchObject({ num_firing: '1', num_resolved: '0', resolved: '' });
  });

  it.each([
    [{ client: 'pgwarden' }, 'pgwarden'],
    [{ client: 'pgwarden', source: 'db-{{ .CommonLabels.instance }}' }, 'db-db1'],
  ])('source defaults to client: %j', (extra, source) => {
    expect(build({ routing_key: 'rk', ...extra }).json['payload']!['source']).toBe(source);
  });

  it('resolves, drops links without href, keeps user details over the defaults', () => {
    const { json } = build(
      { routing_key: 'rk', links: [{ href: '', text: 'x' }, { href: 'h' }], details: { firing: 'mine' } },
      [alert('resolved')],
    );
    expect(json['event_action']).toBe('resolve');
    expect(json['links']).toEqual([{ href: 'h', text: '' }]);
    expect(json['payload']!['custom_details']!).toMatchObject({ firing: 'mine', num_resolved: '1' });
  });

  it('v1 (service_key): incident key, no client when resolving, event_action empty as Alertmanager sends it', () => {
    const firing = build({ service_key: 'sk' }).json;
    const resolved = build({ service_key: 'sk' }, [alert('resolved')]).json;
    expect(firing).toMatchObject({
      service_key: 'sk',
      event_type: 'trigger',
      client: 'Alertmanager',
      event_action: '',
    });
    expect(firing['payload']).toBeNull();
    expect(resolved['event_type']).toBe('resolve');
    expect(resolved).not.toHaveProperty('client');
  });

  it('replaces custom details when the event exceeds 512 kB', () => {
    const { json } = build({ routing_key: 'rk', details: { big: 'x'.repeat(600_000) } });
    expect(json['payload']!['custom_details']).toEqual({
      error: 'Custom details have been removed because the original event exceeds the maximum size of 512kB',
    });
  });
});

describe('Opsgenie', () => {
  const build = (config: Record<string, unknown>, alerts = [alert('firing')], apiUrl = 'https://api.opsgenie.com/') =>
    buildOpsgenieRequests(
      { ...opsgenieConfigSchema.parse(config), api_url: apiUrl, api_key: 'key' },
      data(alerts),
      'k',
    );

  it.each([
    ['https://api.opsgenie.com/', 'https://api.opsgenie.com/v2/alerts'],
    ['https://api.eu.opsgenie.com', 'https://api.eu.opsgenie.com/v2/alerts'],
    ['http://127.0.0.1:1/og/', 'http://127.0.0.1:1/og/v2/alerts'],
  ])('api_url %s creates at %s', (apiUrl, url) => {
    expect(build({}, undefined, apiUrl)[0]!.url).toBe(url);
  });

  it('creates with GenieKey, splits teams and tags, details from common labels', () => {
    const [create, ...rest] = build({
      responders: [
        { name: 'a, b', type: 'teams' },
        { id: '1', type: 'schedule' },
      ],
      tags: 'x,,y ',
      details: { alertname: 'overridden' },
    });
    expect(rest).toEqual([]);
    expect(create!.headers['authorization']).toBe('GenieKey key');
    const body = JSON.parse(create!.body) as Record<string, unknown>;
    expect(body['alias']).toBe(groupKeyHash('k'));
    expect(body['responders']).toEqual([
      { name: 'a', type: 'team' },
      { name: ' b', type: 'team' },
      { id: '1', type: 'schedule' },
    ]);
    expect(body['tags']).toEqual(['x', 'y']);
    expect(body['details']).toEqual({ alertname: 'overridden', instance: 'db1' });
  });

  it('update_alerts adds two PUTs by alias; resolved closes by alias', () => {
    expect(build({ update_alerts: true }).map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /v2/alerts',
      `PUT /v2/alerts/${groupKeyHash('k')}/message`,
      `PUT /v2/alerts/${groupKeyHash('k')}/description`,
    ]);
    const [close] = build({ update_alerts: true }, [alert('resolved')]);
    expect(close!.url).toBe(`https://api.opsgenie.com/v2/alerts/${groupKeyHash('k')}/close?identifierType=alias`);
  });
});

describe('Telegram and Pushover', () => {
  it.each([
    [{}, { chat_id: '-5', disable_web_page_preview: 'true', parse_mode: 'HTML' }],
    [
      { parse_mode: '', disable_notifications: true },
      { chat_id: '-5', disable_notification: 'true', disable_web_page_preview: 'true' },
    ],
  ])('telegram %j', (extra, params) => {
    const config = telegramConfigSchema.parse({ chat_id: -5, message: 'm', ...extra });
    const request = buildTelegramRequest({ ...config, api_url: 'https://tg.example/', bot_token: '1:t' }, data([]));
    expect(request.url).toBe('https://tg.example/bot1:t/sendMessage');
    expect(JSON.parse(request.body)).toEqual({ ...params, text: 'm' });
  });

  it('pushover: every parameter in the sorted query, emergency priority while firing', () => {
    const config = pushoverConfigSchema.parse({ retry: '30s', expire: '2h', message: '  ' });
    const request = buildPushoverRequest(
      { ...config, api_url: 'https://po.example/1/messages.json', user_key: 'u', token: 't' },
      data([alert('firing')]),
    );
    const url = new URL(request.url);
    expect([...url.searchParams.keys()]).toEqual([...url.searchParams.keys()].sort());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      token: 't',
      user: 'u',
      title: '[FIRING:1] Lag (db1)',
      message: '(no details)',
      url: 'http://am.example/#/alerts?receiver=team+%26+ops',
      url_title: '',
      priority: '2',
      retry: '30',
      expire: '7200',
      sound: '',
    });
    expect(request.body).toBe('');
  });
});

describe("the group key in Alertmanager's spelling", () => {
  const route = {
    receiver: 'r',
    routes: [
      { matchers: ['severity="critical"', 'team=~"db|ops"'], routes: [{ match: { env: 'prod' } }] },
      { match_re: { service: 'pg.*' } },
    ],
  };
  it.each([
    ['0:{alertname="A"}', '{}:{alertname="A"}'],
    ['0.0:{}', '{}/{severity="critical",team=~"db|ops"}:{}'],
    ['0.0.0:{x="1"}', '{}/{severity="critical",team=~"db|ops"}/{env="prod"}:{x="1"}'],
    ['0.1:{}', '{}/{service=~"pg.*"}:{}'],
    ['9:{}', '9:{}'],
  ])('%s → %s', (ours, theirs) => {
    expect(alertmanagerGroupKeys(route)(ours)).toBe(theirs);
  });
});

describe('config checks', () => {
  const issues = (receiver: Record<string, unknown>, global: Record<string, unknown> = {}) => {
    const result = alertingConfigSchema.safeParse({
      global,
      route: { receiver: 'r' },
      receivers: [{ name: 'r', ...receiver }],
    });
    return result.success ? '' : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
  };
  it.each([
    [{ pagerduty_configs: [{}] }, 'pagerduty_configs.0: missing routing_key (or service_key)'],
    [
      { pagerduty_configs: [{ routing_key: 'a', routing_key_file: 'f' }] },
      'at most one of routing_key and routing_key_file',
    ],
    [
      { pagerduty_configs: [{ routing_key: 'a', description: '{{ .X' }] },
      'pagerduty_configs.0.description: invalid template',
    ],
    [{ opsgenie_configs: [{}] }, 'missing api_key (set api_key or api_key_file or global.opsgenie_api_key)'],
    [{ opsgenie_configs: [{ api_key: 'k', responders: [{ type: 'team' }] }] }, 'needs one of id, username or name'],
    [{ opsgenie_configs: [{ api_key: 'k', responders: [{ id: '1', type: 'crew' }] }] }, 'type must be one of team'],
    [{ telegram_configs: [{ bot_token: 't' }] }, 'telegram_configs.0.chat_id'],
    [{ telegram_configs: [{ bot_token: 't', chat_id: 1, parse_mode: 'html' }] }, 'telegram_configs.0.parse_mode'],
    [{ discord_configs: [{}] }, 'missing webhook_url'],
    [{ webex_configs: [{ room_id: 'x' }] }, 'webex_configs.0.http_config'],
    [{ webex_configs: [{ room_id: 'x', http_config: { authorization: {} } }] }, 'missing credentials'],
    [{ msteams_configs: [{ webhook_url: 'ftp://x' }] }, 'msteams_configs.0.webhook_url'],
    [{ pushover_configs: [{ user_key: 'u' }] }, 'missing token'],
    [
      { pushover_configs: [{ user_key: 'u', token: 't', retry: 'soon' }] },
      'pushover_configs.0.retry: invalid duration',
    ],
    [{ pushover_configs: [{ user_key: 'u', token: 't', device: 'x' }] }, 'Unrecognized key'],
  ])('%j: %s', (receiver, message) => {
    expect(issues(receiver)).toContain(message);
  });

  it('accepts the global Opsgenie key and a webex token from a file', () => {
    expect(issues({ opsgenie_configs: [{}] }, { opsgenie_api_key: 'k' })).toBe('');
    expect(
      issues({ webex_configs: [{ room_id: 'x', http_config: { authorization: { credentials_file: 'f' } } }] }),
    ).toBe('');
  });
});
