// Discord webhook: one embed with title, description and a colour by status, as Alertmanager sends it.
import type { DiscordConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, renderText } from './am-text.js';
import { authHeaders, goJson, JSON_HEADERS, type HttpRequestSpec } from './http-request.js';

const COLOR_RED = 0x992d22;
const COLOR_GREEN = 0x2ecc71;

export function buildDiscordRequest(
  config: DiscordConfig & { webhook_url: string },
  data: MessageData,
): HttpRequestSpec {
  const title = renderText(config.title ?? defaultTemplate('discord.default.title'), data);
  const description = renderText(config.message ?? defaultTemplate('discord.default.message'), data);
  const color = data.Status === 'firing' ? COLOR_RED : COLOR_GREEN;
  return {
    method: 'POST',
    url: config.webhook_url,
    headers: { ...JSON_HEADERS, ...authHeaders(config.http_config) },
    body: goJson({ content: '', embeds: [{ title, description, color }] }),
  };
}
