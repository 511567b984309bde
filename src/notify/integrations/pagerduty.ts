// PagerDuty (pagerduty_configs): Events API v2, or v1 with `service_key`. Retries like Alertmanager: 429 (v2) or 403
// (v1, PagerDuty's rate limit there) and 5xx; other 4xx are permanent.
import { classifyHttpFailure } from '../classify.js';
import { buildPagerdutyRequest } from '../message/pagerduty.js';
import { DEFAULT_API_URLS, type PagerdutyConfig } from '../receiver-configs.js';
import { requestsIntegration } from './http.js';
import type { Integration } from './integration.js';
import { httpClientOf, textContext, type HttpIntegrationOptions } from './options.js';

export function pagerdutyIntegration(
  config: PagerdutyConfig,
  index: number,
  opts: HttpIntegrationOptions,
): Integration {
  const v1 = config.routing_key === undefined;
  const url =
    config.url ?? (v1 ? DEFAULT_API_URLS.pagerdutyV1 : (opts.global.pagerduty_url ?? DEFAULT_API_URLS.pagerduty));
  opts.secrets.add(config.routing_key);
  opts.secrets.add(config.service_key);
  const client = httpClientOf(config.http_config, opts);
  const resolved = { ...config, url };
  return requestsIntegration(
    'pagerduty',
    index,
    config.send_resolved,
    (data) => [buildPagerdutyRequest(resolved, data, textContext(opts, data))],
    {
      ...opts,
      client,
      classify: (status, retryAfterMs) =>
        v1 && status === 403 ? { kind: 'retry', reason: 'http_403' } : classifyHttpFailure(status, retryAfterMs),
    },
  );
}
