// Text fields of the receivers (PagerDuty's description, Telegram's message, ...): Go templates over Alertmanager's
// notification data, run in the notification template set (templates/default.tmpl plus the user's `templates:`),
// whose defaults are Alertmanager's own, spelled as Alertmanager's config defaults spell them
// (`{{ template "pagerduty.default.description" . }}`).
import { NotificationTemplates, TemplateExecError, TemplateParseProblem } from '../templates/set.js';
import type { MessageData } from './data.js';

/** `{{ template "NAME" . }}`, the way Alertmanager's config defaults call a default template. */
export const defaultTemplate = (name: string): string => `{{ template "${name}" . }}`;

/** PagerDuty's default `details` (Alertmanager's DefaultPagerdutyDetails); a user's key replaces one of them. */
export const PAGERDUTY_DEFAULT_DETAILS: Readonly<Record<string, string>> = {
  firing: '{{ template "pagerduty.default.instances" .Alerts.Firing }}',
  resolved: '{{ template "pagerduty.default.instances" .Alerts.Resolved }}',
  num_firing: '{{ .Alerts.Firing | len }}',
  num_resolved: '{{ .Alerts.Resolved | len }}',
};

let shipped: NotificationTemplates | undefined;
/** The shipped default templates, read once: the set used when the caller has none of its own. */
function shippedTemplates(): NotificationTemplates {
  return (shipped ??= NotificationTemplates.load([], '.'));
}

export interface RenderOptions {
  /** Escape printed values as Go's html/template does (Telegram's HTML parse mode, Pushover's `html: true`). */
  readonly html?: boolean;
  /** The notification template set (defaults plus `templates:` files); the shipped defaults when absent. */
  readonly templates?: NotificationTemplates | undefined;
  /** Names the field in error messages, e.g. `pagerduty_configs.description`. */
  readonly field?: string;
}

/** What a payload builder renders its text fields with. */
export interface TextContext {
  /** The notification template set; the shipped defaults when absent. */
  readonly templates?: NotificationTemplates | undefined;
  /** Alertmanager's spelling of the group key (am-group-key.ts), for dedup keys; the data's group key when absent. */
  readonly groupKey?: string;
}

/** A renderer of one builder's fields: `text(template, fallback, field)`; an absent template means `fallback`. */
export function textRenderer(data: MessageData, ctx: TextContext, integration: string) {
  return (template: string | undefined, fallback: string, field: string, html = false): string =>
    renderText(template ?? fallback, data, { templates: ctx.templates, field: `${integration}.${field}`, html });
}

/** Renders one text field; a template that fails becomes `<error expanding template: …>` in the message. */
export function renderText(template: string, data: MessageData, opts: RenderOptions = {}): string {
  const set = opts.templates ?? shippedTemplates();
  const field = opts.field ?? 'notification';
  try {
    return opts.html ? set.html(field, template, data) : set.text(field, template, data);
  } catch (error) {
    if (error instanceof TemplateParseProblem || error instanceof TemplateExecError)
      return `<error expanding template: ${error.message}>`;
    throw error;
  }
}
