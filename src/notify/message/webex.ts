// Webex Messages API: the message as markdown into `room_id`, authorised by http_config.authorization (a bot token).
import type { WebexConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, textRenderer, type TextContext } from './am-text.js';
import { goJson, JSON_HEADERS, truncateBytes, type HttpRequestSpec } from './http-request.js';

const MAX_MESSAGE_BYTES = 7439;

export function buildWebexRequest(
  config: WebexConfig & { api_url: string },
  data: MessageData,
  ctx: TextContext = {},
): HttpRequestSpec {
  const markdown = truncateBytes(
    textRenderer(data, ctx, 'webex_configs')(config.message, defaultTemplate('webex.default.message'), 'message'),
    MAX_MESSAGE_BYTES,
  );
  return {
    method: 'POST',
    url: config.api_url,
    headers: { ...JSON_HEADERS },
    body: goJson({ markdown, roomId: config.room_id }),
  };
}
