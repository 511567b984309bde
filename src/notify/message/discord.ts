// Discord webhook: one embed with title, description and a colour by status, as Alertmanager sends it.
import type { DiscordConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, textRenderer, type TextContext } from './am-text.js';
import { goJson, JSON_HEADERS, type HttpRequestSpec } from './http-request.js';

const COLOR_RED = 0x992d22;
const COLOR_GREEN = 0x2ecc71;

export function buildDiscordRequest(
  config: DiscordConfig & { webhook_url: string },
  data: MessageData,
  ctx: TextContext = {},
): HttpRequestSpec {
  const render = textRenderer(data, ctx, 'discord_configs');
  const title = render(config.title, defaultTemplate('discord.default.title'), 'title');
  const description = render(config.message, defaultTemplate('discord.default.message'), 'message');
  const color = data.Status === 'firing' ? COLOR_RED : COLOR_GREEN;
  return {
    method: 'POST',
    url: config.webhook_url,
    headers: { ...JSON_HEADERS },
    body: goJson({ content: '', embeds: [{ title, description, color }] }),
  };
}
