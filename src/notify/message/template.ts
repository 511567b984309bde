// User-overridable titles/texts in Go-template syntax (Alertmanager's `title`, `text`), run by the Go text/template
// engine of src/template on Alertmanager's notification data (.Receiver, .Status, .Alerts, .GroupLabels,
// .CommonLabels, .CommonAnnotations, .ExternalURL; each alert has .Status .Labels .Annotations .StartsAt .EndsAt
// .GeneratorURL .Fingerprint). Functions are the Prometheus template set (toUpper, title, reReplaceAll, humanize, ...).
import type { Labels } from '../../collect/model.js';
import { Executor, TemplateExecError } from '../../template/exec.js';
import { TEMPLATE_FUNCTION_NAMES } from '../../template/functions.js';
import { TemplateSyntaxError } from '../../template/lexer.js';
import { parseTemplateTree } from '../../template/parser.js';
import { GoMap, GoStruct, type GoValue } from '../../template/values.js';
import type { AlertData, MessageData } from './data.js';

export class TemplateError extends Error {}

function parse(template: string) {
  try {
    return parseTemplateTree(template, { functions: TEMPLATE_FUNCTION_NAMES, variables: [] });
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new TemplateError(`invalid template: ${error.message}`);
    throw error;
  }
}

/** Throws a TemplateError when the template does not parse; used at config load. */
export function checkTemplate(template: string): void {
  if (template.includes('{{')) parse(template);
}

const struct = (typeName: string, fields: [string, GoValue][]) => new GoStruct(typeName, new Map(fields));
const labels = (map: Labels) => GoMap.ofStrings(map);

function alertValue(alert: AlertData): GoStruct {
  return struct('template.Alert', [
    ['Status', alert.Status],
    ['Labels', labels(alert.Labels)],
    ['Annotations', labels(alert.Annotations)],
    ['StartsAt', alert.StartsAt],
    ['EndsAt', alert.EndsAt],
    ['GeneratorURL', alert.GeneratorURL],
    ['Fingerprint', alert.Fingerprint],
    ['Value', alert.Value ?? null],
    ['AlertURL', alert.AlertURL],
  ]);
}

function dataValue(data: MessageData): GoStruct {
  return struct('template.Data', [
    ['Receiver', data.Receiver],
    ['Status', data.Status],
    ['Alerts', data.Alerts.map(alertValue)],
    ['GroupLabels', labels(data.GroupLabels)],
    ['CommonLabels', labels(data.CommonLabels)],
    ['CommonAnnotations', labels(data.CommonAnnotations)],
    ['ExternalURL', data.ExternalURL],
    ['GroupKey', data.GroupKey],
  ]);
}

/** Expands a template; a failure becomes `<error expanding template: ...>` in the message, as Prometheus does. */
export function renderTemplate(template: string, data: MessageData): string {
  if (!template.includes('{{')) return template;
  try {
    return new Executor('notification', template, dataValue(data), new Map()).run(parse(template));
  } catch (error) {
    if (error instanceof TemplateError || error instanceof TemplateExecError) {
      return `<error expanding template: ${error.message}>`;
    }
    throw error;
  }
}
