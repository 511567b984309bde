// The receivers teams use (PagerDuty, Opsgenie, Telegram, Discord, Webex, Teams, Pushover) against real loopback
// receivers: the durable outbox's retry rules per service (429 and 5xx retry, other 4xx are dead letters), secrets
// from `*_file`, and no secret in logs, dead letters or the config dump. Alertmanager's payloads are compared with the
// real Alertmanager in test/interop/receivers-payloads.test.ts; Teams (absent from Alertmanager 0.25) here.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAlertingSecrets, type AlertingConfig } from '../../../src/notify/index.js';
import {
  capturingLogger,
  fastRoute,
  firing,
  HttpReceiver,
  resolved,
  settle,
  testConfig,
  testEnvironment,
  waitFor,
} from './support.js';

const env = testEnvironment();

const { open, http } = env;

/** One receiver of each kind, pointed at `hook`, with the secrets the leak test looks for. */
const SECRETS = ['pd-routing-secret', 'og-api-secret', '777:tg-bot-secret', 'discord-secret', 'webex-secret'];
const MORE_SECRETS = ['teams-secret', 'po-user-secret', 'po-token-secret', 'pd-service-secret'];
function integrations(hook: HttpReceiver): Record<string, Record<string, unknown>> {
  return {
    pagerduty: { pagerduty_configs: [{ routing_key: 'pd-routing-secret', url: hook.url('/pd') }] },
    pagerduty_v1: { pagerduty_configs: [{ service_key: 'pd-service-secret', url: hook.url('/pd1') }] },
    opsgenie: { opsgenie_configs: [{ api_key: 'og-api-secret', api_url: hook.url('/og/') }] },
    telegram: { telegram_configs: [{ bot_token: '777:tg-bot-secret', chat_id: 42, api_url: hook.url('/tg') }] },
    discord: { discord_configs: [{ webhook_url: hook.url('/discord/discord-secret') }] },
    webex: {
      webex_configs: [
        { room_id: 'r', api_url: hook.url('/webex'), http_config: { authorization: { credentials: 'webex-secret' } } },
      ],
    },
    msteams: { msteams_configs: [{ webhook_url: hook.url('/teams/teams-secret') }] },
    pushover: { pushover_configs: [{ user_key: 'po-user-secret', token: 'po-token-secret' }] },
  };
}

function configFor(hook: HttpReceiver, kind: string): AlertingConfig {
  return testConfig({
    route: fastRoute('team'),
    receivers: [{ name: 'team', ...integrations(hook)[kind] }],
    delivery: {
      initial_backoff: '20ms',
      max_backoff: '100ms',
      send_timeout: '300ms',
      pushover_api_url: hook.url('/1/messages.json'),
    },
  });
}

describe('msteams_configs: the Teams incoming-webhook MessageCard (Alertmanager 0.27)', () => {
  it('sends the documented card while firing and when resolved', async () => {
    const hook = await http();
    const notifier = await open(configFor(hook, 'msteams'));
    const alert = { ...firing('DiskFull'), generatorURL: 'http://127.0.0.1:9187/graph' };
    notifier.submit([alert]);
    await waitFor(() => hook.accepted().length === 1, 'the firing card');
    notifier.submit([resolved(alert)]);
    await waitFor(() => hook.accepted().length === 2, 'the resolved card');
    const list =
      '\nLabels:\n  - alertname = DiskFull\n  - instance = db1\n  - severity = warning\n' +
      '\nAnnotations:\n  - summary = DiskFull on db1\n\nSource: http://127.0.0.1:9187/graph\n';
    expect(hook.requests.map((r) => [r.path, r.headers['content-type'], r.body])).toEqual([
      [
        '/teams/teams-secret',
        'application/json',
        {
          '@context': 'http://schema.org/extensions',
          type: 'MessageCard',
          title: '[FIRING:1] DiskFull (db1 warning)',
          summary: '[FIRING:1] DiskFull (db1 warning)',
          text: `\n\n# Alerts Firing:\n${list}\n\n\n\n`,
          themeColor: '8C1A1A',
        },
      ],
      [
        '/teams/teams-secret',
        'application/json',
        {
          '@context': 'http://schema.org/extensions',
          type: 'MessageCard',
          title: '[RESOLVED] DiskFull (db1 warning)',
          summary: '[RESOLVED] DiskFull (db1 warning)',
          text: `\n\n\n# Alerts Resolved:\n${list}\n\n\n`,
          themeColor: '2DC72D',
        },
      ],
    ]);
  });
});

describe('retry rules per service', () => {
  const kinds = ['pagerduty', 'pagerduty_v1', 'opsgenie', 'telegram', 'discord', 'webex', 'msteams', 'pushover'];

  it.each(kinds)('%s: 429 (Retry-After) and 503 retry, then one delivery', async (kind) => {
    const hook = await http([{ status: 429, retryAfter: '0' }, { status: 503 }]);
    const notifier = await open(configFor(hook, kind));
    notifier.submit([firing('A')]);
    await waitFor(() => hook.accepted().length === 1, 'the delivery');
    await settle(300);
    expect(hook.requests.map((r) => r.status)).toEqual([429, 503, 200]);
    expect(notifier.deadLetters()).toEqual([]);
  });

  it.each(kinds)('%s: 400 is permanent: one request, a dead letter', async (kind) => {
    const hook = await http([{ status: 400 }]);
    const notifier = await open(configFor(hook, kind));
    notifier.submit([firing('A')]);
    await waitFor(() => notifier.deadLetters().length === 1, 'the dead letter');
    await settle(300);
    expect(hook.requests).toHaveLength(1);
    expect(notifier.deadLetters()[0]!.reason).toBe('http_400');
  });

  it('PagerDuty v1 (service_key) retries 403, its rate limit; v2 does not', async () => {
    const v1 = await http([{ status: 403 }]);
    const v2 = await http([{ status: 403 }]);
    const notifier = await open(
      testConfig({
        route: fastRoute('team'),
        receivers: [
          {
            name: 'team',
            pagerduty_configs: [
              { service_key: 'k1', url: v1.url('/v1') },
              { routing_key: 'k2', url: v2.url('/v2') },
            ],
          },
        ],
      }),
    );
    notifier.submit([firing('A')]);
    await waitFor(() => v1.accepted().length === 1 && notifier.deadLetters().length === 1, 'both outcomes');
    expect(v1.requests.map((r) => r.status)).toEqual([403, 200]);
    expect(v2.requests).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('reads *_file secrets relative to the config file', async () => {
    const hook = await http();
    const dir = await mkdtemp(join(tmpdir(), 'pgwarden-secrets-'));
    env.cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'pd'), 'pd-from-file\n');
    await writeFile(join(dir, 'tg'), '1:tg-from-file\n');
    await writeFile(join(dir, 'teams'), `${hook.url('/teams/from-file')}\n`);
    const config = testConfig({
      route: fastRoute('team'),
      receivers: [
        {
          name: 'team',
          pagerduty_configs: [{ routing_key_file: 'pd', url: hook.url('/pd') }],
          telegram_configs: [{ bot_token_file: 'tg', chat_id: 1, api_url: hook.url('/tg') }],
          msteams_configs: [{ webhook_url_file: 'teams' }],
        },
      ],
    });
    const notifier = await open(await resolveAlertingSecrets(config, dir));
    notifier.submit([firing('A')]);
    await waitFor(() => hook.accepted().length === 3, 'three deliveries');
    const paths = hook.requests.map((r) => r.path).sort();
    expect(paths).toEqual(['/pd', '/teams/from-file', '/tg/bot1:tg-from-file/sendMessage']);
    const pd = hook.requests.find((r) => r.path === '/pd')!.body as { routing_key: string };
    expect(pd.routing_key).toBe('pd-from-file');
  });

  it('never shows a routing key, token or webhook URL in logs, dead letters or the config dump', async () => {
    const hook = await http(Array.from({ length: 20 }, () => ({ status: 400 })));
    const { logger, lines } = capturingLogger();
    const all = integrations(hook);
    const pagerduty = [all['pagerduty']!['pagerduty_configs'], all['pagerduty_v1']!['pagerduty_configs']] as object[][];
    const config = testConfig({
      route: fastRoute('team'),
      receivers: [{ name: 'team', ...Object.assign({}, ...Object.values(all)), pagerduty_configs: pagerduty.flat() }],
      delivery: { initial_backoff: '20ms', pushover_api_url: hook.url('/1/messages.json') },
    });
    const notifier = await open(config, logger);
    notifier.submit([firing('A')]);
    await waitFor(() => notifier.deadLetters().length === 8, 'a dead letter per integration');
    const shown = [
      lines.join(''),
      JSON.stringify(notifier.deadLetterViews()),
      notifier.alertmanagerConfig(),
      JSON.stringify(await notifier.registry.getMetricsAsJSON()),
    ].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [...SECRETS, ...MORE_SECRETS]) expect(shown).not.toContain(secret);
    expect(notifier.alertmanagerConfig()).toContain('routing_key: <secret>');
    expect(notifier.alertmanagerConfig()).toContain(`webhook_url: ${new URL(hook.url()).origin}/<secret>`);
  });
});
