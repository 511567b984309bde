// Opsgenie Alert API v2, Alertmanager's requests: create (plus, with `update_alerts`, updates of message and
// description) while firing, close when resolved; the group key's hash is the alias that ties them together.
import type { OpsgenieConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, textRenderer, type TextContext } from './am-text.js';
import { goJson, groupKeyHash, JSON_HEADERS, truncateRunes, type HttpRequestSpec } from './http-request.js';
import { omitEmpty } from './pagerduty.js';

const MAX_MESSAGE_RUNES = 130;

/** Alertmanager's safeSplit: split, dropping empty parts (parts keep their spaces). */
const split = (text: string) =>
  text
    .trim()
    .split(',')
    .filter((part) => part !== '');

export function buildOpsgenieRequests(
  config: OpsgenieConfig & { api_url: string; api_key: string },
  data: MessageData,
  ctx: TextContext = {},
): HttpRequestSpec[] {
  const render = textRenderer(data, ctx, 'opsgenie_configs');
  const text = (template: string | undefined, fallback = '', field = 'text') => render(template, fallback, field);
  const alias = groupKeyHash(ctx.groupKey ?? data.GroupKey);
  const headers = {
    ...JSON_HEADERS,
    authorization: `GenieKey ${config.api_key}`,
  };
  const endpoint = (path: string, byAlias = false) => {
    const url = new URL(config.api_url);
    url.pathname = `${url.pathname === '/' && !config.api_url.endsWith('/') ? '' : url.pathname}${path}`;
    if (byAlias) url.searchParams.set('identifierType', 'alias');
    return url.toString();
  };
  const source = text(config.source, defaultTemplate('opsgenie.default.source'));
  if (data.Status === 'resolved')
    return [{ method: 'POST', url: endpoint(`v2/alerts/${alias}/close`, true), headers, body: goJson({ source }) }];
  const details: Record<string, string> = { ...data.CommonLabels };
  for (const [name, template] of Object.entries(config.details ?? {})) details[name] = text(template);
  const responders = (config.responders ?? []).flatMap((r): Record<string, string>[] => {
    const responder = { id: text(r.id), name: text(r.name), username: text(r.username), type: text(r.type) };
    if (!responder.id && !responder.name && !responder.username && !responder.type) return [];
    if (responder.type === 'teams') return split(responder.name).map((name) => ({ name, type: 'team' }));
    return [
      { ...omitEmpty({ id: responder.id, name: responder.name, username: responder.username }), type: responder.type },
    ];
  });
  const message = truncateRunes(text(config.message, defaultTemplate('opsgenie.default.message')), MAX_MESSAGE_RUNES);
  const description = text(config.description, defaultTemplate('opsgenie.default.description'));
  const create = {
    alias,
    message,
    ...omitEmpty({ description }),
    details: Object.fromEntries(Object.entries(details).sort(([a], [b]) => (a < b ? -1 : 1))),
    source,
    ...omitEmpty({
      responders,
      tags: split(text(config.tags)),
      note: text(config.note),
      priority: text(config.priority),
      entity: text(config.entity),
      actions: split(text(config.actions)),
    }),
  };
  const requests: HttpRequestSpec[] = [{ method: 'POST', url: endpoint('v2/alerts'), headers, body: goJson(create) }];
  if (config.update_alerts)
    requests.push(
      {
        method: 'PUT',
        url: endpoint(`v2/alerts/${alias}/message`, true),
        headers,
        body: goJson(omitEmpty({ message })),
      },
      {
        method: 'PUT',
        url: endpoint(`v2/alerts/${alias}/description`, true),
        headers,
        body: goJson(omitEmpty({ description })),
      },
    );
  return requests;
}
