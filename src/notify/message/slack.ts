// Slack: Alertmanager 0.25's payload — one attachment whose every text field is a template, defaulting to the
// `slack.default.*` templates of templates/default.tmpl, so a message reads exactly as Alertmanager's.
import type { SlackConfig } from '../config.js';
import type { FieldRenderer } from '../templates/render.js';

/** Alertmanager's maxTitleLenRunes: a longer title is cut to 1023 characters and an ellipsis. */
const MAX_TITLE_RUNES = 1024;

export const SLACK_DEFAULTS = {
  color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}',
  username: '{{ template "slack.default.username" . }}',
  title: '{{ template "slack.default.title" . }}',
  title_link: '{{ template "slack.default.titlelink" . }}',
  icon_emoji: '{{ template "slack.default.iconemoji" . }}',
  icon_url: '{{ template "slack.default.iconurl" . }}',
  pretext: '{{ template "slack.default.pretext" . }}',
  text: '{{ template "slack.default.text" . }}',
  fallback: '{{ template "slack.default.fallback" . }}',
  callback_id: '{{ template "slack.default.callbackid" . }}',
  footer: '{{ template "slack.default.footer" . }}',
  channel: '',
  image_url: '',
  thumb_url: '',
} as const;

export function truncateRunes(text: string, max: number): string {
  const runes = [...text];
  if (runes.length <= max) return text;
  return max <= 3 ? runes.slice(0, max).join('') : runes.slice(0, max - 1).join('') + '…';
}

/** Drops the keys Go's `omitempty` would leave out (empty strings, false, empty or absent lists). */
function omitEmpty(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([key, value]) =>
        !keys.includes(key) ||
        !(value === '' || value === false || value === undefined || (Array.isArray(value) && value.length === 0)),
    ),
  );
}

export function buildSlackPayload(config: SlackConfig, render: FieldRenderer): Record<string, unknown> {
  const field = (name: keyof typeof SLACK_DEFAULTS) => render.text(name, config[name], SLACK_DEFAULTS[name]);
  const plain = (name: string, template: string | undefined) => render.text(name, template, '');
  const attachment = omitEmpty(
    {
      title: truncateRunes(field('title'), MAX_TITLE_RUNES),
      title_link: field('title_link'),
      pretext: field('pretext'),
      text: field('text'),
      fallback: field('fallback'),
      callback_id: field('callback_id'),
      fields: config.fields?.map((f, i) => ({
        title: plain(`fields[${i}].title`, f.title),
        value: plain(`fields[${i}].value`, f.value),
        short: f.short ?? config.short_fields,
      })),
      actions: config.actions?.map((a, i) => {
        const at = (key: string, template: string | undefined) => plain(`actions[${i}].${key}`, template);
        const confirm = a.confirm && {
          text: at('confirm.text', a.confirm.text),
          title: at('confirm.title', a.confirm.title),
          ok_text: at('confirm.ok_text', a.confirm.ok_text),
          dismiss_text: at('confirm.dismiss_text', a.confirm.dismiss_text),
        };
        // As Alertmanager: a URL button carries no name, value or confirmation.
        const button = a.url
          ? { type: at('type', a.type), text: at('text', a.text), url: at('url', a.url), style: at('style', a.style) }
          : {
              type: at('type', a.type),
              text: at('text', a.text),
              style: at('style', a.style),
              name: at('name', a.name),
              value: at('value', a.value),
              ...(confirm ? { confirm: omitEmpty(confirm, Object.keys(confirm)) } : {}),
            };
        return omitEmpty(button, ['url', 'style', 'name', 'value']);
      }),
      image_url: field('image_url'),
      thumb_url: field('thumb_url'),
      footer: field('footer'),
      color: field('color'),
      mrkdwn_in: config.mrkdwn_in?.length ? config.mrkdwn_in : ['fallback', 'pretext', 'text'],
    },
    ['title', 'title_link', 'pretext', 'fields', 'actions', 'image_url', 'thumb_url', 'color', 'mrkdwn_in'],
  );
  return omitEmpty(
    {
      channel: field('channel'),
      username: field('username'),
      icon_emoji: field('icon_emoji'),
      icon_url: field('icon_url'),
      link_names: config.link_names,
      attachments: [attachment],
    },
    ['channel', 'username', 'icon_emoji', 'icon_url', 'link_names'],
  );
}
