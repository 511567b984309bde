// Adapter for user-overridable titles/texts written in Go-template syntax (Alertmanager's `title`, `text`).
// The full Go-template renderer is being built on branch `rules` (src/rules/template/); until it is merged this
// adapter understands field references (`{{ .CommonLabels.alertname }}`, `{{ .Status }}`) and comments, and rejects
// everything else at load time, so a user never gets a half-rendered message. Switch `renderTemplate` over to the
// real renderer after the merge; callers do not change.

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/gs;
const FIELD = /^(\.[A-Za-z_][A-Za-z0-9_]*)+$|^\.$/;
const COMMENT = /^\/\*.*\*\/$/s;

export class TemplateError extends Error {}

/** Throws a TemplateError naming the first unsupported action. */
export function checkTemplate(template: string): void {
  for (const match of template.matchAll(ACTION)) {
    const action = match[1] ?? '';
    if (!FIELD.test(action) && !COMMENT.test(action)) {
      throw new TemplateError(
        `unsupported template action "{{ ${action} }}" (only field references like {{ .Status }} for now)`,
      );
    }
  }
}

function lookup(data: unknown, path: string): unknown {
  if (path === '.') return data;
  let value: unknown = data;
  for (const key of path.slice(1).split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '<no value>';
  if (typeof value === 'object') return Array.isArray(value) ? `[${value.map(show).join(' ')}]` : JSON.stringify(value);
  return String(value);
}

export function renderTemplate(template: string, data: unknown): string {
  checkTemplate(template);
  return template.replace(ACTION, (_all, action: string) => (COMMENT.test(action) ? '' : show(lookup(data, action))));
}
