// Pushover (pushover_configs): user key and token travel in the query string, so both are registered as secrets.
// 429 and 5xx retry; other 4xx (a bad key) are permanent. `delivery.pushover_api_url` (pgwarden's) moves the API.
import { buildPushoverRequest } from '../message/pushover.js';
import type { PushoverConfig } from '../receiver-configs.js';
import { requestsIntegration } from './http.js';
import type { Integration } from './integration.js';
import { httpClientOf, need, textContext, type HttpIntegrationOptions } from './options.js';

export function pushoverIntegration(
  config: PushoverConfig,
  index: number,
  opts: HttpIntegrationOptions & { apiUrl: string },
): Integration {
  const user_key = need(config.user_key, 'pushover_configs user_key');
  const token = need(config.token, 'pushover_configs token');
  opts.secrets.add(user_key);
  opts.secrets.add(token);
  const client = httpClientOf(config.http_config, opts);
  const resolved = { ...config, user_key, token, api_url: opts.apiUrl };
  return requestsIntegration(
    'pushover',
    index,
    config.send_resolved,
    (data) => [buildPushoverRequest(resolved, data, textContext(opts, data))],
    { ...opts, client },
  );
}
