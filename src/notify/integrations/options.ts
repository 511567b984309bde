// What every HTTP integration is built with: the send timeout, the clock, and the registry its secrets go to.
import type { SecretRegistry } from '../../config/secrets.js';
import type { GlobalConfig } from '../config.js';
import type { TextContext } from '../message/am-text.js';
import type { MessageData } from '../message/data.js';
import type { HttpConfig } from '../receiver-configs.js';
import type { HttpClient } from '../../http-client/client.js';
import type { HttpClients } from '../../http-client/pool.js';
import type { NotificationTemplates } from '../templates/set.js';

export interface HttpIntegrationOptions {
  timeoutMs: number;
  now: () => number;
  secrets: SecretRegistry;
  /** One client per http_config (src/http-client/), closed with the notifier. */
  clients: HttpClients;
  global: GlobalConfig;
  /** pgwarden's group key in Alertmanager's spelling (am-group-key.ts). */
  alertmanagerGroupKey: (groupKey: string) => string;
  /** The notification template set (defaults plus `templates:` files); the shipped defaults when absent. */
  templates?: NotificationTemplates | undefined;
}

/** What the payload builders render with: the template set and Alertmanager's spelling of the group key. */
export function textContext(opts: HttpIntegrationOptions, data: MessageData): TextContext {
  return { templates: opts.templates, groupKey: opts.alertmanagerGroupKey(data.GroupKey) };
}

/** The client of an integration's http_config; without one, `global.http_config` (Alertmanager's default). */
export function httpClientOf(http: HttpConfig | undefined, opts: Pick<HttpIntegrationOptions, 'clients' | 'global'>) {
  return opts.clients.for(http ?? opts.global.http_config);
}

export type { HttpClient };

/** A secret the config checks made sure of; its absence here means `*_file` secrets were not loaded. */
export function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new Error(`${what} is not set (secrets not resolved?)`);
  return value;
}
