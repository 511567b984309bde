// Text fields of the receivers (PagerDuty's description, Telegram's message, ...): Go templates over the notification
// data, whose defaults are Alertmanager's own, spelled as Alertmanager's config defaults spell them
// (`{{ template "pagerduty.default.description" . }}`).
//
// FALLBACK (temporary, until Alertmanager's default template definitions and data-model methods such as
// .Alerts.Firing and .SortedPairs ship with the `templates:` support): the default texts below are computed in code,
// character for character as Alertmanager 0.25's template/default.tmpl renders them (checked against the real
// Alertmanager in test/interop/receivers-payloads.test.ts). A field whose template is exactly one of these defaults
// uses the code; any other template goes through the Go-template renderer.
import type { Labels } from '../../collect/model.js';
import type { AlertData, MessageData } from './data.js';
import { renderTemplate } from './template.js';

type Escape = (text: string) => string;
const plain: Escape = (text) => text;

/** Go html/template's escaping of a value printed in HTML text (Telegram's HTML mode, Pushover's `html`). */
export const htmlEscape: Escape = (text) => text.replace(/[&<>"'+\0]/g, (ch) => HTML_ESCAPES[ch] ?? ch);
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
  '+': '&#43;',
  '\0': '\uFFFD',
};

/** Go's url.QueryEscape (template function `urlquery`): space becomes +, only A-Z a-z 0-9 - _ . ~ stay. */
export function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

const sortedPairs = (labels: Labels) => Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const sortedValues = (labels: Labels) => sortedPairs(labels).map(([, value]) => value);
const firing = (data: MessageData) => data.Alerts.filter((a) => a.Status === 'firing');
const resolved = (data: MessageData) => data.Alerts.filter((a) => a.Status === 'resolved');

/** `__subject`: `[FIRING:2] <group label values> (<other common label values>)`. */
export function subject(data: MessageData): string {
  const status = data.Status.toUpperCase() + (data.Status === 'firing' ? `:${firing(data).length}` : '');
  const group = sortedValues(data.GroupLabels).join(' ');
  const extra = Object.fromEntries(Object.entries(data.CommonLabels).filter(([name]) => !(name in data.GroupLabels)));
  const more = Object.keys(data.CommonLabels).length > Object.keys(data.GroupLabels).length;
  return `[${status}] ${group} ${more ? `(${sortedValues(extra).join(' ')})` : ''}`;
}

/** `__alertmanagerURL`: the receiver's alert list in Alertmanager's UI. */
export function alertmanagerUrl(data: MessageData): string {
  return `${data.ExternalURL}/#/alerts?receiver=${queryEscape(data.Receiver)}`;
}

/** `__text_alert_list`. */
function textAlertList(alerts: AlertData[], esc: Escape): string {
  return alerts
    .map((a) => {
      const pairs = (labels: Labels) =>
        sortedPairs(labels)
          .map(([name, value]) => ` - ${esc(name)} = ${esc(value)}\n`)
          .join('');
      return `Labels:\n${pairs(a.Labels)}Annotations:\n${pairs(a.Annotations)}Source: ${esc(a.GeneratorURL)}\n`;
    })
    .join('');
}

/** `__text_alert_list_markdown` (Alertmanager 0.26+, used by msteams). */
function markdownAlertList(alerts: AlertData[]): string {
  return alerts
    .map((a) => {
      const pairs = (labels: Labels) =>
        sortedPairs(labels)
          .map(([name, value]) => `  - ${name} = ${value}\n`)
          .join('');
      return `\nLabels:\n${pairs(a.Labels)}\nAnnotations:\n${pairs(a.Annotations)}\nSource: ${a.GeneratorURL}\n`;
    })
    .join('');
}

/** The body shared by telegram, discord, webex, pushover (and sns): firing, then resolved alerts. */
function alertSections(data: MessageData, esc: Escape, heading = '', list = textAlertList): string {
  const f = firing(data);
  const r = resolved(data);
  return (
    (f.length > 0 ? `\n${heading}Alerts Firing:\n${list(f, esc)}\n` : '') +
    '\n' +
    (r.length > 0 ? `\n${heading}Alerts Resolved:\n${list(r, esc)}\n` : '') +
    '\n'
  );
}

const annotationsLine = (data: MessageData, esc: Escape) => esc(sortedValues(data.CommonAnnotations).join(' '));

const DEFAULTS: Record<string, (data: MessageData, esc: Escape) => string> = {
  'pagerduty.default.description': subject,
  'pagerduty.default.client': () => 'Alertmanager',
  'pagerduty.default.clientURL': alertmanagerUrl,
  'opsgenie.default.message': subject,
  'opsgenie.default.description': (data, esc) => {
    const f = firing(data);
    const r = resolved(data);
    return (
      `${annotationsLine(data, esc)}\n` +
      (f.length > 0 ? `Alerts Firing:\n${textAlertList(f, esc)}` : '') +
      '\n' +
      (r.length > 0 ? `Alerts Resolved:\n${textAlertList(r, esc)}` : '')
    );
  },
  'opsgenie.default.source': alertmanagerUrl,
  'telegram.default.message': (data, esc) => `\n${alertSections(data, esc)}`,
  'discord.default.title': subject,
  'discord.default.message': (data, esc) => `\n${alertSections(data, esc)}`,
  'webex.default.message': (data, esc) => `${annotationsLine(data, esc)}\n${alertSections(data, esc)}`,
  'msteams.default.title': subject,
  'msteams.default.summary': subject,
  'msteams.default.text': (data) => `\n${alertSections(data, plain, '# ', markdownAlertList)}`,
  'pushover.default.title': subject,
  'pushover.default.message': (data, esc) => `${annotationsLine(data, esc)}\n${alertSections(data, esc)}`,
  'pushover.default.url': alertmanagerUrl,
};

/** PagerDuty's default `details` (Alertmanager's DefaultPagerdutyDetails), by their exact template text. */
const PAGERDUTY_DETAILS: Record<string, (data: MessageData) => string> = {
  '{{ template "pagerduty.default.instances" .Alerts.Firing }}': (data) => textAlertList(firing(data), plain),
  '{{ template "pagerduty.default.instances" .Alerts.Resolved }}': (data) => textAlertList(resolved(data), plain),
  '{{ .Alerts.Firing | len }}': (data) => String(firing(data).length),
  '{{ .Alerts.Resolved | len }}': (data) => String(resolved(data).length),
};

export const PAGERDUTY_DEFAULT_DETAILS: Record<string, string> = {
  firing: '{{ template "pagerduty.default.instances" .Alerts.Firing }}',
  resolved: '{{ template "pagerduty.default.instances" .Alerts.Resolved }}',
  num_firing: '{{ .Alerts.Firing | len }}',
  num_resolved: '{{ .Alerts.Resolved | len }}',
};

/** `{{ template "NAME" . }}`, the way Alertmanager's config defaults call a default template. */
export const defaultTemplate = (name: string) => `{{ template "${name}" . }}`;
const CALL = /^\{\{\s*template\s+"([^"]+)"\s+\.\s*\}\}$/;

/**
 * Renders one text field. `html` escapes printed values as Go's html/template does (Telegram's HTML parse mode,
 * Pushover's `html: true`); it applies to the default texts only (see docs/notifications.md).
 */
export function renderText(template: string, data: MessageData, opts: { html?: boolean } = {}): string {
  const esc = opts.html ? htmlEscape : plain;
  const name = CALL.exec(template.trim())?.[1];
  const builtin = name === undefined ? undefined : DEFAULTS[name];
  if (builtin) return builtin(data, esc);
  const detail = PAGERDUTY_DETAILS[template];
  if (detail) return detail(data);
  return renderTemplate(template, data);
}
