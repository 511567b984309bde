// What every HTTP integration is built with: the send timeout, the clock, and the registry its secrets go to.
import type { SecretRegistry } from '../../config/secrets.js';
import type { GlobalConfig } from '../config.js';
import type { HttpConfig } from '../receiver-configs.js';

export interface HttpIntegrationOptions {
  timeoutMs: number;
  now: () => number;
  secrets: SecretRegistry;
  global: GlobalConfig;
  /** pgwarden's group key in Alertmanager's spelling (am-group-key.ts). */
  alertmanagerGroupKey: (groupKey: string) => string;
}

/** Registers http_config's credentials as secrets (scrubbed from logs and errors). */
export function addHttpSecrets(http: HttpConfig | undefined, secrets: SecretRegistry): void {
  secrets.add(http?.authorization?.credentials);
  secrets.add(http?.basic_auth?.password);
}

/** A secret the config checks made sure of; its absence here means `*_file` secrets were not loaded. */
export function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`${what} is not set (secrets not resolved?)`);
  return value;
}
