// Turns the receivers of the (secret-resolved) config into integrations, and registers every secret for scrubbing.
import { SecretRegistry } from '../../config/secrets.js';
import type { AlertingConfig } from '../config.js';
import { emailIntegration, resolveEmailConfig } from './email.js';
import { RateLimiter } from './http.js';
import type { Integration } from './integration.js';
import { slackIntegration } from './slack.js';
import { webhookIntegration } from './webhook.js';
import { parseDurationMs } from '../duration.js';
import type { TemplateRenderer } from '../templates/render.js';

export function buildReceivers(
  config: AlertingConfig,
  secrets: SecretRegistry,
  now: () => number,
  templates: TemplateRenderer,
): Map<string, Integration[]> {
  const global = config.global ?? {};
  const timeoutMs = parseDurationMs(config.delivery.send_timeout);
  const slackInterval = parseDurationMs(config.delivery.slack_min_interval);
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (url: string) => {
    let limiter = limiters.get(url);
    if (!limiter) limiters.set(url, (limiter = new RateLimiter(slackInterval, now)));
    return limiter;
  };
  secrets.add(global.smtp_auth_password);
  secrets.add(global.slack_api_url);
  const receivers = new Map<string, Integration[]>();
  for (const receiver of config.receivers) {
    const list: Integration[] = [];
    receiver.email_configs?.forEach((email, i) => {
      const resolved = resolveEmailConfig(email, global);
      secrets.add(resolved.password);
      list.push(emailIntegration(resolved, i, { timeoutMs, templates, receiver: receiver.name }));
    });
    receiver.slack_configs?.forEach((slack, i) => {
      const url = slack.api_url ?? global.slack_api_url;
      if (!url)
        throw new Error(`receiver ${receiver.name}: slack_configs[${i}] has no api_url (secrets not resolved?)`);
      secrets.add(url);
      const slackOpts = { timeoutMs, limiter: limiterFor(url), now, templates, receiver: receiver.name };
      list.push(slackIntegration({ ...slack, api_url: url }, i, slackOpts));
    });
    receiver.webhook_configs?.forEach((hook, i) => {
      if (!hook.url)
        throw new Error(`receiver ${receiver.name}: webhook_configs[${i}] has no url (secrets not resolved?)`);
      secrets.add(hook.url);
      list.push(webhookIntegration({ ...hook, url: hook.url }, i, { timeoutMs, now }));
    });
    receivers.set(receiver.name, list);
  }
  return receivers;
}
