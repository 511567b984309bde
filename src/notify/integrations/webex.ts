// Webex (webex_configs): the Messages API with a bot's token in http_config.authorization. 429 and 5xx retry.
import { buildWebexRequest } from '../message/webex.js';
import { DEFAULT_API_URLS, type WebexConfig } from '../receiver-configs.js';
import { requestsIntegration } from './http.js';
import type { Integration } from './integration.js';
import { httpClientOf, textContext, type HttpIntegrationOptions } from './options.js';

export function webexIntegration(config: WebexConfig, index: number, opts: HttpIntegrationOptions): Integration {
  const api_url = config.api_url ?? opts.global.webex_api_url ?? DEFAULT_API_URLS.webex;
  const client = httpClientOf(config.http_config, opts);
  const resolved = { ...config, api_url };
  return requestsIntegration(
    'webex',
    index,
    config.send_resolved,
    (data) => [buildWebexRequest(resolved, data, textContext(opts, data))],
    { ...opts, client },
  );
}
