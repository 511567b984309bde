// Email content as Alertmanager 0.25 writes it: the Subject header from `email.default.subject`, the HTML part from
// `email.default.html` (html/template escaping), a plain-text part only when `text` is configured, every header a
// template. pgwarden adds threading headers derived from the group key, so every update of a group lands in one thread.
import { createHash } from 'node:crypto';
import type { FieldRenderer } from '../templates/render.js';
import type { MessageData } from './data.js';

export interface EmailContent {
  subject: string;
  /** Absent when no `text` template is configured (Alertmanager then sends HTML only). */
  text?: string;
  html?: string;
  /** The user's other headers, expanded, and the threading headers. */
  headers: Record<string, string>;
}

export const EMAIL_DEFAULTS = {
  subject: '{{ template "email.default.subject" . }}',
  html: '{{ template "email.default.html" . }}',
} as const;

/** What an email config says about its content (Alertmanager's keys). */
export interface EmailTemplates {
  html?: string | undefined;
  text?: string | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
}

/** Message-ID root for a group thread; the domain comes from the sender so it is ours. */
export function threadId(groupKey: string, receiver: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'pgwarden.local';
  const hash = createHash('sha256').update(`${receiver}\u0000${groupKey}`).digest('hex').slice(0, 32);
  return `<${hash}@${domain}>`;
}

export function buildEmail(
  data: MessageData,
  config: EmailTemplates,
  opts: { from: string; notificationId: string },
  render: FieldRenderer,
): EmailContent {
  const root = threadId(data.GroupKey, data.Receiver, opts.from);
  const userHeaders = Object.entries(config.headers ?? {}).filter(
    ([name]) => !['subject', 'to', 'from'].includes(name.toLowerCase()),
  );
  const subjectTemplate = Object.entries(config.headers ?? {}).find(([name]) => name.toLowerCase() === 'subject')?.[1];
  const html = config.html ?? EMAIL_DEFAULTS.html;
  return {
    subject: render.text('headers.Subject', subjectTemplate, EMAIL_DEFAULTS.subject),
    ...(config.text ? { text: render.text('text', config.text, '') } : {}),
    ...(html ? { html: render.html('html', config.html, EMAIL_DEFAULTS.html) } : {}),
    headers: {
      ...Object.fromEntries(userHeaders.map(([name, value]) => [name, render.text(`headers.${name}`, value, '')])),
      'Message-ID': root.replace('<', `<${opts.notificationId}.`),
      'In-Reply-To': root,
      References: root,
    },
  };
}
