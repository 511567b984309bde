// Telegram Bot API sendMessage, as Alertmanager sends it (through the telebot library): every parameter a string, the
// bot token in the path, HTML escaping of the message's values in the default HTML parse mode.
import type { TelegramConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, textRenderer, type TextContext } from './am-text.js';
import { goJson, JSON_HEADERS, truncateRunes, type HttpRequestSpec } from './http-request.js';

const MAX_MESSAGE_RUNES = 4096;

export function buildTelegramRequest(
  config: TelegramConfig & { api_url: string; bot_token: string },
  data: MessageData,
  ctx: TextContext = {},
): HttpRequestSpec {
  const render = textRenderer(data, ctx, 'telegram_configs');
  const html = config.parse_mode === 'HTML';
  const text = truncateRunes(
    render(config.message, defaultTemplate('telegram.default.message'), 'message', html),
    MAX_MESSAGE_RUNES,
  );
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
    headers: { ...JSON_HEADERS },
    body: goJson(params),
  };
}
