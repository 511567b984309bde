// Microsoft Teams incoming webhook: the MessageCard Alertmanager 0.27 sends (msteams_configs; Alertmanager 0.25 has
// no Teams integration), with a theme colour by status.
import type { MsteamsConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, renderText } from './am-text.js';
import { authHeaders, goJson, JSON_HEADERS, type HttpRequestSpec } from './http-request.js';

const COLOR_RED = '8C1A1A';
const COLOR_GREEN = '2DC72D';

export function buildMsteamsRequest(
  config: MsteamsConfig & { webhook_url: string },
  data: MessageData,
): HttpRequestSpec {
  const text = (template: string | undefined, name: string) => renderText(template ?? defaultTemplate(name), data);
  return {
    method: 'POST',
    url: config.webhook_url,
    headers: { ...JSON_HEADERS, ...authHeaders(config.http_config) },
    body: goJson({
      '@context': 'http://schema.org/extensions',
      type: 'MessageCard',
      title: text(config.title, 'msteams.default.title'),
      summary: text(config.summary, 'msteams.default.summary'),
      text: text(config.text, 'msteams.default.text'),
      themeColor: data.Status === 'firing' ? COLOR_RED : COLOR_GREEN,
    }),
  };
}
