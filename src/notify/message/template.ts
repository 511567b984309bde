// User-overridable titles/texts in Go-template syntax (Alertmanager's `title`, `text`), run by the Go text/template
// engine of src/template on Alertmanager's notification data model (src/notify/templates/data-value.ts) with its
// functions (src/notify/templates/functions.ts).
import { Executor, TemplateExecError } from '../../template/exec.js';
import { TemplateSyntaxError } from '../../template/lexer.js';
import { parseTemplateTree } from '../../template/parser.js';
import { messageDataValue } from '../templates/data-value.js';
import { NOTIFICATION_FUNCTION_NAMES, NOTIFICATION_FUNCTIONS } from '../templates/functions.js';
import type { MessageData } from './data.js';

export class TemplateError extends Error {}

function parse(template: string) {
  try {
    return parseTemplateTree(template, { functions: NOTIFICATION_FUNCTION_NAMES, variables: [] });
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new TemplateError(`invalid template: ${error.message}`);
    throw error;
  }
}

/** Throws a TemplateError when the template does not parse; used at config load. */
export function checkTemplate(template: string): void {
  if (template.includes('{{')) parse(template);
}

/** Expands a template; a failure becomes `<error expanding template: ...>` in the message, as Prometheus does. */
export function renderTemplate(template: string, data: MessageData): string {
  if (!template.includes('{{')) return template;
  try {
    const executor = new Executor(
      'notification',
      template,
      messageDataValue(data),
      new Map(),
      0,
      NOTIFICATION_FUNCTIONS,
    );
    return executor.run(parse(template));
  } catch (error) {
    if (error instanceof TemplateError || error instanceof TemplateExecError) {
      return `<error expanding template: ${error.message}>`;
    }
    throw error;
  }
}
