// Discord (discord_configs): an incoming webhook, whose URL is the secret. 429 and 5xx retry; other 4xx are permanent.
import { buildDiscordRequest } from '../message/discord.js';
import type { DiscordConfig } from '../receiver-configs.js';
import { requestsIntegration } from './http.js';
import type { Integration } from './integration.js';
import { httpClientOf, need, textContext, type HttpIntegrationOptions } from './options.js';

export function discordIntegration(config: DiscordConfig, index: number, opts: HttpIntegrationOptions): Integration {
  const webhook_url = need(config.webhook_url, 'discord_configs webhook_url');
  opts.secrets.add(webhook_url);
  const client = httpClientOf(config.http_config, opts);
  const resolved = { ...config, webhook_url };
  return requestsIntegration(
    'discord',
    index,
    config.send_resolved,
    (data) => [buildDiscordRequest(resolved, data, textContext(opts, data))],
    { ...opts, client },
  );
}
