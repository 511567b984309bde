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
import { alertmanagerGroupKeys } from '../am-group-key.js';
import { discordIntegration } from './discord.js';
import { msteamsIntegration } from './msteams.js';
import { opsgenieIntegration } from './opsgenie.js';
import { pagerdutyIntegration } from './pagerduty.js';
import { pushoverIntegration } from './pushover.js';
import { telegramIntegration } from './telegram.js';
import { webexIntegration } from './webex.js';
import { HttpClients } from '../../http-client/pool.js';
import { httpClientOf } from './options.js';

export function buildReceivers(
  config: AlertingConfig,
  secrets: SecretRegistry,
  now: () => number,
  templates: TemplateRenderer,
  clients: HttpClients = new HttpClients(secrets),
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
  secrets.add(global.opsgenie_api_key);
  const alertmanagerGroupKey = alertmanagerGroupKeys(config.route);
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
      const client = httpClientOf(slack.http_config, { clients, global });
      const slackOpts = { timeoutMs, limiter: limiterFor(url), now, templates, receiver: receiver.name, client };
      list.push(slackIntegration({ ...slack, api_url: url }, i, slackOpts));
    });
    receiver.webhook_configs?.forEach((hook, i) => {
      if (!hook.url)
        throw new Error(`receiver ${receiver.name}: webhook_configs[${i}] has no url (secrets not resolved?)`);
      secrets.add(hook.url);
      const client = httpClientOf(hook.http_config, { clients, global });
      list.push(webhookIntegration({ ...hook, url: hook.url }, i, { timeoutMs, now, client }));
    });
    const http = { timeoutMs, now, secrets, clients, global, alertmanagerGroupKey, templates: templates.templateSet };
    receiver.pagerduty_configs?.forEach((c, i) => list.push(pagerdutyIntegration(c, i, http)));
    receiver.opsgenie_configs?.forEach((c, i) => list.push(opsgenieIntegration(c, i, http)));
    receiver.telegram_configs?.forEach((c, i) => list.push(telegramIntegration(c, i, http)));
    receiver.discord_configs?.forEach((c, i) => list.push(discordIntegration(c, i, http)));
    receiver.webex_configs?.forEach((c, i) => list.push(webexIntegration(c, i, http)));
    receiver.msteams_configs?.forEach((c, i) => list.push(msteamsIntegration(c, i, http)));
    const apiUrl = config.delivery.pushover_api_url;
    receiver.pushover_configs?.forEach((c, i) => list.push(pushoverIntegration(c, i, { ...http, apiUrl })));
    receivers.set(receiver.name, list);
  }
  return receivers;
}
