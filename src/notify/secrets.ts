// Loads `*_file` secrets (auth_password_file, api_url_file, url_file) so the rest of notify sees plain values. Errors
// name the config path and the file, never the secret.
import { readKeyFile } from '../config/secret-file.js';
import type { AlertingConfig } from './config.js';
import type { HttpClientConfig } from '../http-client/config.js';
import { resolveHttpClientConfig } from '../http-client/resolve.js';

type Record_ = Record<string, unknown>;

/** Replaces `key_file` by `key` (read from the file) in one object; returns a copy. */
export async function resolveKey<T extends Record_>(obj: T, key: string, baseDir: string, path: string): Promise<T> {
  return readKeyFile(obj, key, baseDir, path);
}

/** The secrets each integration may give as `key_file`, by receiver key. */
const SECRET_KEYS: Record<string, readonly string[]> = {
  email_configs: ['auth_password'],
  slack_configs: ['api_url'],
  webhook_configs: ['url'],
  pagerduty_configs: ['routing_key', 'service_key'],
  opsgenie_configs: ['api_key'],
  telegram_configs: ['bot_token'],
  discord_configs: ['webhook_url'],
  msteams_configs: ['webhook_url'],
  pushover_configs: ['user_key', 'token'],
  webex_configs: [],
};

/** Loads the integration's `*_file` secrets, and every file of its http_config (src/http-client/resolve.ts). */
async function resolveIntegration(config: Record_, keys: readonly string[], baseDir: string, path: string) {
  let out = config;
  for (const key of keys) out = await resolveKey(out, key, baseDir, path);
  const http = out['http_config'] as HttpClientConfig | undefined;
  if (!http) return out;
  return { ...out, http_config: resolveHttpClientConfig(http, baseDir, `${path}.http_config`) };
}

/**
 * Returns a copy of the alerting config with every `*_file` secret loaded (paths relative to `baseDir`, normally the
 * config file's directory). Throws an Error whose message starts with the config path, e.g.
 * `alerting.receivers[0].slack_configs[1].api_url_file: cannot read secret file "/etc/x": ENOENT`.
 */
export async function resolveAlertingSecrets(config: AlertingConfig, baseDir: string): Promise<AlertingConfig> {
  let global = config.global;
  for (const key of ['smtp_auth_password', 'slack_api_url', 'opsgenie_api_key'])
    if (global) global = await resolveKey(global, key, baseDir, 'alerting.global');
  if (global?.http_config)
    global = {
      ...global,
      http_config: resolveHttpClientConfig(global.http_config, baseDir, 'alerting.global.http_config'),
    };
  const receivers = await Promise.all(
    config.receivers.map(async (receiver, r) => {
      const copy: Record_ = { ...receiver };
      for (const [kind, keys] of Object.entries(SECRET_KEYS)) {
        const list = copy[kind] as Record_[] | undefined;
        if (!list) continue;
        copy[kind] = await Promise.all(
          list.map((c, i) => resolveIntegration(c, keys, baseDir, `alerting.receivers[${r}].${kind}[${i}]`)),
        );
      }
      return copy as typeof receiver;
    }),
  );
  let heartbeat = config.heartbeat && (await resolveKey(config.heartbeat, 'url', baseDir, 'alerting.heartbeat'));
  if (heartbeat?.http_config)
    heartbeat = {
      ...heartbeat,
      http_config: resolveHttpClientConfig(heartbeat.http_config, baseDir, 'alerting.heartbeat.http_config'),
    };
  return { ...config, global, receivers, heartbeat };
}

// The email integration reads its own TLS files; every other `*_file` (http_config's too) is loaded here.
const NOT_SECRETS = new Set(['ca_file', 'cert_file', 'key_file']);

/** Throws (naming the config path) if a `*_file` secret was not loaded by resolveAlertingSecrets. */
export function assertSecretsResolved(value: unknown, path = 'alerting'): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertSecretsResolved(item, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key.endsWith('_file') && child !== undefined && !NOT_SECRETS.has(key)) {
      throw new Error(`${path}.${key}: secret file not loaded (call resolveAlertingSecrets first)`);
    }
    assertSecretsResolved(child, `${path}.${key}`);
  }
}
