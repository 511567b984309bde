// Microsoft Teams incoming webhook: the MessageCard Alertmanager 0.27 sends (msteams_configs; Alertmanager 0.25 has
// no Teams integration), with a theme colour by status.
import type { MsteamsConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, textRenderer, type TextContext } from './am-text.js';
import { goJson, JSON_HEADERS, type HttpRequestSpec } from './http-request.js';

const COLOR_RED = '8C1A1A';
const COLOR_GREEN = '2DC72D';

export function buildMsteamsRequest(
  config: MsteamsConfig & { webhook_url: string },
  data: MessageData,
  ctx: TextContext = {},
): HttpRequestSpec {
  const render = textRenderer(data, ctx, 'msteams_configs');
  const text = (template: string | undefined, name: string) =>
    render(template, defaultTemplate(name), name.replace('msteams.default.', ''));
  return {
    method: 'POST',
    url: config.webhook_url,
    headers: { ...JSON_HEADERS },
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
