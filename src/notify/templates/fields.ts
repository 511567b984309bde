// Which configuration values of a receiver are templates (as in Alertmanager), so config load can parse each one and
// name its path in the error.
import type { ReceiverConfig } from '../config.js';

type Path = (string | number)[];

const SLACK_TEXT_FIELDS = [
  'channel',
  'username',
  'color',
  'title',
  'title_link',
  'pretext',
  'text',
  'fallback',
  'footer',
  'callback_id',
  'icon_emoji',
  'icon_url',
  'image_url',
  'thumb_url',
] as const;
const EMAIL_TEXT_FIELDS = ['to', 'from', 'html', 'text'] as const;

function strings(record: object, keys: readonly string[], path: Path): [Path, string][] {
  const values = record as Record<string, unknown>;
  return keys.flatMap((key) => (typeof values[key] === 'string' ? [[[...path, key], values[key]]] : []));
}

/** Every templated string of a receiver with its config path (relative to the receiver). */
export function templatedFields(receiver: ReceiverConfig): [Path, string][] {
  const out: [Path, string][] = [];
  receiver.slack_configs?.forEach((slack, i) => {
    const path = ['slack_configs', i];
    out.push(...strings(slack, SLACK_TEXT_FIELDS, path));
    slack.fields?.forEach((field, j) => out.push(...strings(field, ['title', 'value'], [...path, 'fields', j])));
    slack.actions?.forEach((action, j) => {
      const at = [...path, 'actions', j];
      out.push(...strings(action, ['type', 'text', 'url', 'style', 'name', 'value'], at));
      if (action.confirm)
        out.push(...strings(action.confirm, ['title', 'text', 'ok_text', 'dismiss_text'], [...at, 'confirm']));
    });
  });
  receiver.email_configs?.forEach((email, i) => {
    const path = ['email_configs', i];
    out.push(...strings(email, EMAIL_TEXT_FIELDS, path));
    out.push(...strings(email.headers ?? {}, Object.keys(email.headers ?? {}), [...path, 'headers']));
  });
  return out;
}
