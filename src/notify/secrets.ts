// Loads `*_file` secrets (auth_password_file, api_url_file, url_file) so the rest of notify sees plain values. Errors
// name the config path and the file, never the secret.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { AlertingConfig } from './config.js';

type Record_ = Record<string, unknown>;

async function readSecret(baseDir: string, file: string, path: string): Promise<string> {
  const full = isAbsolute(file) ? file : resolve(baseDir, file);
  try {
    const text = await readFile(full, 'utf8');
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new Error('file is empty');
    return value;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`${path}: cannot read secret file "${full}": ${reason}`);
  }
}

/** Replaces `key_file` by `key` (read from the file) in one object; returns a copy. */
export async function resolveKey<T extends Record_>(obj: T, key: string, baseDir: string, path: string): Promise<T> {
  const file = obj[`${key}_file`];
  if (typeof file !== 'string') return obj;
  const copy: Record_ = { ...obj };
  delete copy[`${key}_file`];
  copy[key] = await readSecret(baseDir, file, `${path}.${key}_file`);
  return copy as T;
}

/**
 * Returns a copy of the alerting config with every `*_file` secret loaded (paths relative to `baseDir`, normally the
 * config file's directory). Throws an Error whose message starts with the config path, e.g.
 * `alerting.receivers[0].slack_configs[1].api_url_file: cannot read secret file "/etc/x": ENOENT`.
 */
export async function resolveAlertingSecrets(config: AlertingConfig, baseDir: string): Promise<AlertingConfig> {
  const global = config.global
    ? await resolveKey(
        await resolveKey(config.global, 'smtp_auth_password', baseDir, 'alerting.global'),
        'slack_api_url',
        baseDir,
        'alerting.global',
      )
    : undefined;
  const receivers = await Promise.all(
    config.receivers.map(async (receiver, r) => {
      const at = (kind: string, i: number) => `alerting.receivers[${r}].${kind}[${i}]`;
      return {
        ...receiver,
        email_configs: receiver.email_configs
          ? await Promise.all(
              receiver.email_configs.map((c, i) => resolveKey(c, 'auth_password', baseDir, at('email_configs', i))),
            )
          : undefined,
        slack_configs: receiver.slack_configs
          ? await Promise.all(
              receiver.slack_configs.map((c, i) => resolveKey(c, 'api_url', baseDir, at('slack_configs', i))),
            )
          : undefined,
        webhook_configs: receiver.webhook_configs
          ? await Promise.all(
              receiver.webhook_configs.map((c, i) => resolveKey(c, 'url', baseDir, at('webhook_configs', i))),
            )
          : undefined,
      };
    }),
  );
  const heartbeat = config.heartbeat && (await resolveKey(config.heartbeat, 'url', baseDir, 'alerting.heartbeat'));
  return { ...config, global, receivers, heartbeat };
}

// TLS files are read by the email integration itself; every other `*_file` is a secret this module loads.
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
