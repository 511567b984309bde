// Telegram Bot API sendMessage, as Alertmanager sends it (through the telebot library): every parameter a string, the
// bot token in the path, HTML escaping of the message's values in the default HTML parse mode.
import type { TelegramConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, renderText } from './am-text.js';
import { authHeaders, goJson, JSON_HEADERS, truncateRunes, type HttpRequestSpec } from './http-request.js';

const MAX_MESSAGE_RUNES = 4096;

export function buildTelegramRequest(
  config: TelegramConfig & { api_url: string; bot_token: string },
  data: MessageData,
): HttpRequestSpec {
  const template = config.message ?? defaultTemplate('telegram.default.message');
  const text = truncateRunes(renderText(template, data, { html: config.parse_mode === 'HTML' }), MAX_MESSAGE_RUNES);
  const params: Record<string, string> = {
    chat_id: String(config.chat_id),
    ...(config.disable_notifications ? { disable_notification: 'true' } : {}),
    disable_web_page_preview: 'true',
    ...(config.parse_mode ? { parse_mode: config.parse_mode } : {}),
    text,
  };
  return {
    method: 'POST',
    url: `${config.api_url.replace(/\/+$/, '')}/bot${config.bot_token}/sendMessage`,
    headers: { ...JSON_HEADERS, ...authHeaders(config.http_config) },
    body: goJson(params),
  };
}
