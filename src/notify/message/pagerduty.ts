// PagerDuty: Events API v2 (`routing_key`) or the v1 generic API (`service_key`), Alertmanager's payload. The group
// key's hash is the dedup key, so PagerDuty folds the group's updates into one incident and resolves it.
import type { PagerdutyConfig } from '../receiver-configs.js';
import type { MessageData } from './data.js';
import { defaultTemplate, PAGERDUTY_DEFAULT_DETAILS, textRenderer, type TextContext } from './am-text.js';
import { goJson, groupKeyHash, JSON_HEADERS, truncateRunes, type HttpRequestSpec } from './http-request.js';

const MAX_SUMMARY_RUNES = 1024;
const MAX_EVENT_BYTES = 512_000;

/** Drops empty strings, empty lists and empty maps, as Go's `omitempty` does. */
export function omitEmpty<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(obj).filter(
      ([, v]) =>
        v !== undefined &&
        v !== '' &&
        !(Array.isArray(v) && v.length === 0) &&
        !(v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
    ),
  ) as Partial<T>;
}

/** The dedup key is the hash of `ctx.groupKey`, Alertmanager's spelling of the group key (am-group-key.ts). */
export function buildPagerdutyRequest(
  config: PagerdutyConfig & { url: string },
  data: MessageData,
  ctx: TextContext = {},
): HttpRequestSpec {
  const render = textRenderer(data, ctx, 'pagerduty_configs');
  const text = (template: string | undefined, fallback: string, field = 'text') => render(template, fallback, field);
  const details: Record<string, string> = {};
  for (const [name, template] of Object.entries({ ...PAGERDUTY_DEFAULT_DETAILS, ...config.details }))
    details[name] = text(template, '', `details.${name}`);
  const sortedDetails = Object.fromEntries(Object.entries(details).sort(([a], [b]) => (a < b ? -1 : 1)));
  const client = text(config.client, defaultTemplate('pagerduty.default.client'), 'client');
  const clientUrl = text(config.client_url, defaultTemplate('pagerduty.default.clientURL'), 'client_url');
  const description = truncateRunes(
    text(config.description, defaultTemplate('pagerduty.default.description'), 'description'),
    MAX_SUMMARY_RUNES,
  );
  const eventType = data.Status === 'resolved' ? 'resolve' : 'trigger';
  const dedupKey = groupKeyHash(ctx.groupKey ?? data.GroupKey);
  let message: Record<string, unknown>;
  if (config.routing_key === undefined && config.service_key !== undefined) {
    message = {
      ...omitEmpty({
        service_key: config.service_key,
        incident_key: dedupKey,
        event_type: eventType,
        description,
      }),
      event_action: '',
      payload: null,
      ...omitEmpty({
        ...(eventType === 'trigger' ? { client, client_url: clientUrl } : {}),
        details: sortedDetails,
      }),
    };
  } else {
    const payload = {
      summary: description,
      source: text(config.source ?? config.client, defaultTemplate('pagerduty.default.client'), 'source'),
      severity: text(config.severity, 'error', 'severity'),
      ...omitEmpty({
        class: text(config.class, ''),
        component: text(config.component, ''),
        group: text(config.group, ''),
        custom_details: sortedDetails,
      }),
    };
    message = {
      routing_key: config.routing_key ?? '',
      dedup_key: dedupKey,
      event_action: eventType,
      payload,
      ...omitEmpty({
        client,
        client_url: clientUrl,
        images: (config.images ?? [])
          .map((i) => ({ src: text(i.src, ''), alt: text(i.alt, ''), href: text(i.href, '') }))
          .filter((i) => i.src !== ''),
        links: (config.links ?? [])
          .map((l) => ({ href: text(l.href, ''), text: text(l.text, '') }))
          .filter((l) => l.href !== ''),
      }),
    };
  }
  let body = goJson(message);
  if (Buffer.byteLength(body) > MAX_EVENT_BYTES) {
    const error = {
      error: 'Custom details have been removed because the original event exceeds the maximum size of 512kB',
    };
    if ('payload' in message && message['payload'])
      (message['payload'] as Record<string, unknown>)['custom_details'] = error;
    else message['details'] = error;
    body = goJson(message);
  }
  return { method: 'POST', url: config.url, headers: { ...JSON_HEADERS }, body };
}
