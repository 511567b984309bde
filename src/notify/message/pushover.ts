// Pushover Messages API, as Alertmanager sends it: every parameter in the query string of a POST without a body.
// Priority 2 (emergency) while firing and 0 when resolved by default, so a page repeats until acknowledged.
import type { PushoverConfig } from '../receiver-configs.js';
import { parseDurationMs } from '../duration.js';
import type { MessageData } from './data.js';
import { defaultTemplate, textRenderer, type TextContext } from './am-text.js';
import { truncateRunes, type HttpRequestSpec } from './http-request.js';

const MAX_TITLE_RUNES = 250;
const MAX_MESSAGE_RUNES = 1024;
const MAX_URL_RUNES = 512;
const DEFAULT_PRIORITY = '{{ if eq .Status "firing" }}2{{ else }}0{{ end }}';

export function buildPushoverRequest(
  config: PushoverConfig & { api_url: string; user_key: string; token: string },
  data: MessageData,
  ctx: TextContext = {},
): HttpRequestSpec {
  const render = textRenderer(data, ctx, 'pushover_configs');
  const text = (template: string | undefined, fallback = '', field = 'text') => render(template, fallback, field);
  const params = new URLSearchParams();
  params.append('token', config.token);
  params.append('user', config.user_key);
  params.append('title', truncateRunes(text(config.title, defaultTemplate('pushover.default.title')), MAX_TITLE_RUNES));
  if (config.html) params.append('html', '1');
  const template = defaultTemplate('pushover.default.message');
  const message = truncateRunes(render(config.message, template, 'message', config.html), MAX_MESSAGE_RUNES).trim();
  params.append('message', message === '' ? '(no details)' : message);
  params.append('url', truncateRunes(text(config.url, defaultTemplate('pushover.default.url')), MAX_URL_RUNES));
  params.append('url_title', text(config.url_title));
  params.append('priority', text(config.priority, DEFAULT_PRIORITY));
  params.append('retry', String(Math.trunc(parseDurationMs(config.retry) / 1000)));
  params.append('expire', String(Math.trunc(parseDurationMs(config.expire) / 1000)));
  params.append('sound', text(config.sound));
  params.sort();
  const url = new URL(config.api_url);
  url.search = params.toString();
  return {
    method: 'POST',
    url: url.toString(),
    headers: { 'content-type': 'text/plain' },
    body: '',
  };
}
