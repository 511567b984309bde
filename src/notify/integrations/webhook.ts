// Generic webhook: Alertmanager's JSON payload, POSTed to `url`.
import type { WebhookConfig } from '../config.js';
import { buildWebhookPayload } from '../message/webhook.js';
import { postJson } from './http.js';
import type { Integration } from './integration.js';
import type { HttpClient } from '../../http-client/client.js';

export function webhookIntegration(
  config: WebhookConfig & { url: string },
  index: number,
  opts: { timeoutMs: number; now: () => number; client: HttpClient },
): Integration {
  return {
    name: 'webhook',
    index,
    sendResolved: config.send_resolved,
    send: (data, notification, timeoutMs) =>
      postJson(
        opts.client,
        config.url,
        buildWebhookPayload(data, config.max_alerts),
        timeoutMs ?? opts.timeoutMs,
        opts.now,
        notification.id,
      ),
  };
}
