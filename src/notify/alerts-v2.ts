// Alertmanager's API v2 views of the notifier: the alerts it holds (GET /api/v2/alerts, gettableAlerts) and the
// configuration as Alertmanager would print it (GET /api/v2/status, config.original), for amtool and Grafana.
import { stringify } from 'yaml';
import type { Labels } from '../collect/model.js';
import type { AlertingConfig } from './config.js';
import type { Matcher } from './matcher.js';
import { matchesAll } from './matcher.js';
import type { NotifiableAlert } from './types.js';

export interface GettableAlert {
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  generatorURL: string;
  fingerprint: string;
  receivers: { name: string }[];
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
}

export interface HeldAlert {
  readonly alert: NotifiableAlert;
  readonly receivers: readonly string[];
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

/** GET /api/v2/alerts query parameters (all optional; the booleans default to true, as in Alertmanager). */
export interface AlertsFilter {
  readonly active: boolean;
  readonly silenced: boolean;
  readonly inhibited: boolean;
  readonly matchers: readonly Matcher[];
  /** An anchored RE2 pattern (user input: never a backtracking RegExp). */
  readonly receiver?: { test(text: string): boolean } | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function gettableAlerts(held: readonly HeldAlert[], filter: AlertsFilter, now: number): GettableAlert[] {
  const out: GettableAlert[] = [];
  for (const { alert, receivers, silencedBy, inhibitedBy } of held) {
    // Resolved alerts are not listed (Alertmanager's getAlerts skips them too).
    if (alert.status === 'resolved' || (alert.endsAt > 0 && alert.endsAt <= now)) continue;
    const suppressed = silencedBy.length > 0 || inhibitedBy.length > 0;
    if (!suppressed && !filter.active) continue;
    if (silencedBy.length > 0 && !filter.silenced) continue;
    if (inhibitedBy.length > 0 && !filter.inhibited) continue;
    if (!matchesAll(filter.matchers, alert.labels)) continue;
    if (filter.receiver && !receivers.some((name) => filter.receiver!.test(name))) continue;
    out.push({
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: iso(alert.startsAt),
      endsAt: iso(alert.endsAt > 0 ? alert.endsAt : now),
      updatedAt: iso(now),
      generatorURL: alert.generatorURL,
      fingerprint: alert.fingerprint,
      receivers: receivers.map((name) => ({ name })),
      status: {
        state: suppressed ? 'suppressed' : 'active',
        silencedBy: [...silencedBy],
        inhibitedBy: [...inhibitedBy],
      },
    });
  }
  return out.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}

/** Keys whose values are secrets (after `*_file` secrets were loaded): shown as Alertmanager shows them. */
const SECRET_KEYS = new Set([
  'smtp_auth_password',
  'auth_password',
  'slack_api_url',
  'api_url',
  'url',
  ...['routing_key', 'service_key', 'api_key', 'opsgenie_api_key', 'bot_token', 'webhook_url', 'user_key', 'token'],
  ...['credentials', 'password'],
  // http_config (src/http-client/): the OAuth2 client secret, the TLS client key, the deprecated bearer_token.
  ...['client_secret', 'key', 'bearer_token'],
]);
const SECRET_URL_KEYS = new Set(['url', 'webhook_url']);

/** A secret URL keeps its scheme and host (so Alertmanager's config loader still accepts it), never its path. */
function maskedSecret(key: string, value: string): string {
  if (!SECRET_URL_KEYS.has(key)) return '<secret>';
  try {
    return `${new URL(value).origin}/<secret>`;
  } catch {
    return '<secret>';
  }
}

/** proxy_url's password as Prometheus prints it (url.Redacted()); proxy_connect_header values are secrets. */
function maskedProxy(key: string, value: unknown): unknown {
  if (key === 'proxy_connect_header' && value && typeof value === 'object')
    return Object.fromEntries(Object.keys(value).map((name) => [name, ['<secret>']]));
  if (typeof value !== 'string') return value;
  try {
    const url = new URL(value);
    if (url.password) url.password = 'xxxxx';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '<secret>';
  }
}

function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        if (k === 'proxy_url' || k === 'proxy_connect_header') return [k, maskedProxy(k, v)];
        return [k, SECRET_KEYS.has(k) && typeof v === 'string' ? maskedSecret(k, v) : masked(v)];
      }),
  );
}

/**
 * The alerting config as Alertmanager's `config.original`: only Alertmanager's own sections (pgwarden's `delivery`,
 * `alertmanagers` and `builtin_inhibit_rules` would not load there), secrets replaced by `<secret>`.
 */
export function alertmanagerConfigYaml(config: AlertingConfig): string {
  const { global, route, receivers, inhibit_rules } = config;
  const intervals = {
    ...(config.time_intervals.length > 0 && { time_intervals: config.time_intervals }),
    ...(config.mute_time_intervals.length > 0 && { mute_time_intervals: config.mute_time_intervals }),
  };
  return stringify(masked({ global, route, inhibit_rules, receivers, templates: [], ...intervals }));
}
