// Webex Messages API: the message as markdown into `room_id`, authorised by http_config.authorization (a bot token).
import type { WebexConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, renderText } from './am-text.js';
import { authHeaders, goJson, JSON_HEADERS, truncateBytes, type HttpRequestSpec } from './http-request.js';

const MAX_MESSAGE_BYTES = 7439;

export function buildWebexRequest(config: WebexConfig & { api_url: string }, data: MessageData): HttpRequestSpec {
  const markdown = truncateBytes(
    renderText(config.message ?? defaultTemplate('webex.default.message'), data),
    MAX_MESSAGE_BYTES,
  );
  return {
    method: 'POST',
    url: config.api_url,
    headers: { ...JSON_HEADERS, ...authHeaders(config.http_config) },
    body: goJson({ markdown, roomId: config.room_id }),
  };
}
