// Telegram (telegram_configs): the Bot API's sendMessage. The bot token is in the request path, so it is registered
// as a secret and never logged. 429 (flood control) and 5xx retry; other 4xx (unknown chat, bad token) are permanent.
import { buildTelegramRequest } from '../message/telegram.js';
import { DEFAULT_API_URLS, type TelegramConfig } from '../receiver-configs.js';
import { requestsIntegration } from './http.js';
import type { Integration } from './integration.js';
import { httpClientOf, need, textContext, type HttpIntegrationOptions } from './options.js';

export function telegramIntegration(config: TelegramConfig, index: number, opts: HttpIntegrationOptions): Integration {
  const bot_token = need(config.bot_token, 'telegram_configs bot_token');
  const api_url = config.api_url ?? opts.global.telegram_api_url ?? DEFAULT_API_URLS.telegram;
  opts.secrets.add(bot_token);
  const client = httpClientOf(config.http_config, opts);
  const resolved = { ...config, bot_token, api_url };
  return requestsIntegration(
    'telegram',
    index,
    config.send_resolved,
    (data) => [buildTelegramRequest(resolved, data, textContext(opts, data))],
    { ...opts, client },
  );
}
