// Prometheus alert templates (labels and annotations): Go text/template with Prometheus's data model and functions.
// Prometheus prepends `{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}
// {{$value := .Value}}`; here those variables are predefined instead, so positions in errors stay the user's own.
import { lineCol, type TemplateNode } from './ast.js';
import { Executor, TemplateExecError } from './exec.js';
import { TEMPLATE_FUNCTION_NAMES } from './functions.js';
import { CONTEXT_FUNCTION_NAMES, contextFunctions, PROMETHEUS_FUNCTIONS } from './prometheus-functions.js';
import { TemplateSyntaxError } from './lexer.js';
import { parseTemplateTree } from './parser.js';
import { alertDataValue, type AlertTemplateData, type GoValue } from './values.js';

export type { AlertTemplateData } from './values.js';
export { TemplateExecError } from './exec.js';
export { strconvFormatFloat } from './float-format.js';
export { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from './humanize.js';

const ALERT_VARIABLES = ['$labels', '$externalLabels', '$externalURL', '$value'];
/** Every function Prometheus 2.42 offers alert templates (Go's builtins, its own, and the context-bound ones). */
const FUNCTION_NAMES: ReadonlySet<string> = new Set([
  ...TEMPLATE_FUNCTION_NAMES,
  ...PROMETHEUS_FUNCTIONS.keys(),
  ...CONTEXT_FUNCTION_NAMES,
]);
/** What Prometheus prepends to every alert template; only its length matters (error columns on line 1). */
const PROMETHEUS_PREFIX =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

/** A template that failed to parse; line and col (1-based) are inside the template text. */
export class TemplateParseError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly col: number,
    readonly offset: number,
    name: string,
  ) {
    super(`template: ${name}:${line}: ${reason}`);
    this.name = 'TemplateParseError';
  }
}

export interface AlertTemplate {
  readonly name: string;
  readonly text: string;
  /** Expands with Prometheus's alert data; throws TemplateExecError. */
  execute(data: AlertTemplateData): string;
}

export function parseAlertTemplate(name: string, text: string): AlertTemplate {
  let tree: TemplateNode[];
  try {
    tree = parseTemplateTree(text, { functions: FUNCTION_NAMES, variables: ALERT_VARIABLES });
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    const { line, col } = lineCol(text, error.offset);
    throw new TemplateParseError(error.message, line, col, error.offset, name);
  }
  return {
    name,
    text,
    execute(data: AlertTemplateData): string {
      const root = alertDataValue(data);
      const variables = new Map<string, GoValue>(
        ALERT_VARIABLES.map((variable) => {
          const field = variable.slice(1, 2).toUpperCase() + variable.slice(2);
          return [variable, root.fields.get(field) ?? null];
        }),
      );
      const functions = contextFunctions({ externalURL: data.externalURL ?? '', query: data.query });
      return new Executor(name, text, root, variables, PROMETHEUS_PREFIX.length, functions).run(tree);
    },
  };
}

/**
 * Prepares a template to expand as Prometheus's alerting rule does: a template that fails (to parse or execute)
 * becomes the text `<error expanding template: ...>` instead of failing the rule. Parsed once, expanded per alert.
 */
export function compileAlertTemplate(name: string, text: string): (data: AlertTemplateData) => string {
  if (!text.includes('{{')) return () => text;
  let template: AlertTemplate;
  try {
    template = parseAlertTemplate(name, text);
  } catch (error) {
    if (!(error instanceof TemplateParseError)) throw error;
    const message = `<error expanding template: error parsing template ${name}: ${error.message}>`;
    return () => message;
  }
  return (data) => {
    try {
      return template.execute(data);
    } catch (error) {
      if (error instanceof TemplateExecError)
        return `<error expanding template: error executing template ${name}: ${error.message}>`;
      throw error;
    }
  };
}

export function expandAlertTemplate(name: string, text: string, data: AlertTemplateData): string {
  return compileAlertTemplate(name, text)(data);
}
