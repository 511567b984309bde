// Expands the templated fields of an integration (Slack `title`, email `html`, ...) with the configured template
// set. Alertmanager fails the notification when a template does not execute; pgwarden instead sends the field as the
// default template renders it and logs the error once per field, so a typo in a template never loses a page.
import type { Logger } from '../../log.js';
import type { MessageData } from '../message/data.js';
import { NotificationTemplates, TemplateExecError, TemplateParseProblem } from './set.js';

export interface FieldRenderer {
  /** `template` (the user's, when set) else `defaultTemplate`, expanded as text; never throws on template errors. */
  text(field: string, template: string | undefined, defaultTemplate: string): string;
  /** The same for an HTML field (email `html`), with html/template's escaping. */
  html(field: string, template: string | undefined, defaultTemplate: string): string;
}

type Mode = 'text' | 'html';
const isTemplateError = (error: unknown) => error instanceof TemplateExecError || error instanceof TemplateParseProblem;

export class TemplateRenderer {
  private readonly logged = new Set<string>();

  constructor(
    private readonly set: NotificationTemplates,
    private readonly logger: Logger,
    /** The shipped defaults alone: the last resort when the user redefined a default name and it fails. */
    private readonly shipped: NotificationTemplates = set.files.length > 1 ? NotificationTemplates.load([], '/') : set,
  ) {}

  /** The template set (shipped defaults plus the user's `templates:` files) the receivers' own builders render with. */
  get templateSet(): NotificationTemplates {
    return this.set;
  }

  /** A renderer of one notification's fields; `where` names the integration in logs (`team/slack_configs[0]`). */
  forData(data: MessageData, where: string): FieldRenderer {
    return {
      text: (field, template, defaultTemplate) =>
        this.render('text', data, `${where}.${field}`, template, defaultTemplate),
      html: (field, template, defaultTemplate) =>
        this.render('html', data, `${where}.${field}`, template, defaultTemplate),
    };
  }

  private render(mode: Mode, data: MessageData, field: string, template: string | undefined, fallback: string): string {
    const attempts: [NotificationTemplates, string][] = [
      ...(template !== undefined ? ([[this.set, template]] as [NotificationTemplates, string][]) : []),
      [this.set, fallback],
      [this.shipped, fallback],
    ];
    let firstError: unknown;
    for (const [set, text] of attempts) {
      try {
        const out = mode === 'html' ? set.html(field, text, data) : set.text(field, text, data);
        if (firstError !== undefined) this.logOnce(field, firstError);
        return out;
      } catch (error) {
        if (!isTemplateError(error)) throw error;
        firstError ??= error;
      }
    }
    this.logOnce(field, firstError);
    return '';
  }

  private logOnce(field: string, error: unknown): void {
    const message = (error as Error).message;
    const key = `${field}\u0000${message}`;
    if (this.logged.has(key)) return;
    if (this.logged.size >= 1000) this.logged.clear(); // bounded: messages may differ per alert
    this.logged.add(key);
    this.logger.error({ field, err: message }, 'notification template failed: sending the default template instead');
  }
}
