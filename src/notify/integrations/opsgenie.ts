// Opsgenie (opsgenie_configs): create/close by alias, optional updates. 429 and 5xx retry; other 4xx are permanent.
import { buildOpsgenieRequests } from '../message/opsgenie.js';
import { DEFAULT_API_URLS, type OpsgenieConfig } from '../receiver-configs.js';
import { requestsIntegration } from './http.js';
import type { Integration } from './integration.js';
import { httpClientOf, need, textContext, type HttpIntegrationOptions } from './options.js';

export function opsgenieIntegration(config: OpsgenieConfig, index: number, opts: HttpIntegrationOptions): Integration {
  const api_key = need(config.api_key ?? opts.global.opsgenie_api_key, 'opsgenie_configs api_key');
  const api_url = config.api_url ?? opts.global.opsgenie_api_url ?? DEFAULT_API_URLS.opsgenie;
  opts.secrets.add(api_key);
  const client = httpClientOf(config.http_config, opts);
  const resolved = { ...config, api_key, api_url };
  return requestsIntegration(
    'opsgenie',
    index,
    config.send_resolved,
    (data) => buildOpsgenieRequests(resolved, data, textContext(opts, data)),
    { ...opts, client },
  );
}
