// HTML escaped by construction: every value interpolated into an `html` template is escaped unless it is itself an
// `Html` fragment (made by `html` or, for text the agent wrote itself, `trusted`). Written here rather than taken from
// npm because it is 30 lines and the console needs nothing else from a template library.

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** A fragment of markup that is safe to insert as is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Interpolated = Html | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The tagged template: `html\`<td>${name}</td>\`` escapes `name`; arrays are joined; null/undefined/false vanish. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) out += render(values[i] as Interpolated) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Markup the agent wrote itself (never text from a database, a config or a request). */
export function trusted(text: string): Html {
  return new Html(text);
}
