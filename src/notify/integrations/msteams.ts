// Microsoft Teams (msteams_configs): an incoming webhook, whose URL is the secret. 429 and 5xx retry.
import { buildMsteamsRequest } from '../message/msteams.js';
import type { MsteamsConfig } from '../receiver-configs.js';
import { requestsIntegration } from './http.js';
import type { Integration } from './integration.js';
import { httpClientOf, need, textContext, type HttpIntegrationOptions } from './options.js';

export function msteamsIntegration(config: MsteamsConfig, index: number, opts: HttpIntegrationOptions): Integration {
  const webhook_url = need(config.webhook_url, 'msteams_configs webhook_url');
  opts.secrets.add(webhook_url);
  const client = httpClientOf(config.http_config, opts);
  const resolved = { ...config, webhook_url };
  return requestsIntegration(
    'msteams',
    index,
    config.send_resolved,
    (data) => [buildMsteamsRequest(resolved, data, textContext(opts, data))],
    { ...opts, client },
  );
}
