// Slack incoming webhooks: one message per group, at most ~1 per second per webhook, honouring 429 Retry-After.
import type { SlackConfig } from '../config.js';
import { buildSlackPayload } from '../message/slack.js';
import { postJson, RateLimiter } from './http.js';
import type { Integration } from './integration.js';
import type { HttpClient } from '../../http-client/client.js';
import type { TemplateRenderer } from '../templates/render.js';

export function slackIntegration(
  config: SlackConfig & { api_url: string },
  index: number,
  opts: {
    timeoutMs: number;
    limiter: RateLimiter;
    now: () => number;
    templates: TemplateRenderer;
    receiver: string;
    client: HttpClient;
  },
): Integration {
  return {
    name: 'slack',
    index,
    sendResolved: config.send_resolved,
    async send(data, _notification, timeoutMs) {
      await opts.limiter.acquire();
      const payload = buildSlackPayload(
        config,
        opts.templates.forData(data, `${opts.receiver}/slack_configs[${index}]`),
      );
      const failure = await postJson(opts.client, config.api_url, payload, timeoutMs ?? opts.timeoutMs, opts.now);
      if (failure?.retryAfterMs !== undefined) opts.limiter.pushBack(opts.now() + failure.retryAfterMs);
      return failure;
    },
  };
}
