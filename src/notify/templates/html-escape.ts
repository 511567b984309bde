// html/template's contextual escaping, for the one HTML template Alertmanager renders (email `html`). Go decides the
// context of each action when it parses; here it is read from the output written so far, which gives the same
// answer for well-formed HTML: text and quoted attributes get HTML-escaped, URL attributes are filtered and
// normalized at their start and percent-encoded in their query, safeHtml text is left alone. JS and CSS contexts
// (which Alertmanager's templates do not use) are treated as text.
import { TEMPLATE_FUNCTIONS, type GoFunction } from '../../template/functions.js';
import { GoStruct, withMethods, type GoValue } from '../../template/values.js';
import { HTML_TYPE, NOTIFICATION_FUNCTIONS } from './functions.js';

const URLQUERY_TYPE = 'pgwarden.urlquery';
const urlquery = TEMPLATE_FUNCTIONS.get('urlquery') as GoFunction;

/**
 * In a URL's query html/template replaces a trailing `urlquery` by its own URL escaper (they are equivalent), so the
 * value is escaped once; the escaper below needs the raw text for that, so urlquery keeps it beside its result.
 */
export const HTML_FUNCTIONS: ReadonlyMap<string, GoFunction> = new Map([
  ...NOTIFICATION_FUNCTIONS,
  [
    'urlquery',
    {
      params: [],
      variadic: 'any',
      call: (args: GoValue[]) => {
        const escaped = urlquery.call(args);
        const raw = TEMPLATE_FUNCTIONS.get('print')?.call(args) ?? '';
        const value = new GoStruct(URLQUERY_TYPE, new Map([['raw', raw]]));
        return withMethods(value, new Map([['String', { params: [], call: () => escaped }]]));
      },
    },
  ],
]);

const HTML_ESCAPES: Record<string, string> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '+': '&#43;',
  '<': '&lt;',
  '>': '&gt;',
};
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'cite', 'background', 'formaction', 'longdesc', 'poster']);

export function htmlEscape(text: string): string {
  return text.replace(/[\0"'&+<>]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Go's processURLOnto: percent-encodes bytes; `normalize` keeps reserved characters and existing escapes. */
function percentEncode(text: string, normalize: boolean): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    const keep = /[A-Za-z0-9\-._~]/.test(c) || (normalize && /[!#$&*+,/:;=?@[\]%]/.test(c));
    out += keep ? c : '%' + byte.toString(16).padStart(2, '0');
  }
  return out;
}

/** html/template's urlFilter: only http, https and mailto (or relative) URLs pass. */
function urlFilter(text: string): string {
  const colon = text.indexOf(':');
  if (colon >= 0 && !text.slice(0, colon).includes('/')) {
    const scheme = text.slice(0, colon).toLowerCase();
    if (scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto') return '#ZgotmplZ';
  }
  return text;
}

/** The attribute whose quoted value the output is in, and that value so far; undefined outside tags or values. */
function attributeContext(before: string): { name: string; value: string } | undefined | 'tag' {
  const open = before.lastIndexOf('<');
  if (open < 0 || before.lastIndexOf('>') > open) return undefined;
  const match = /([^\s"'<>/=]+)\s*=\s*(["'])([^"']*)$/.exec(before.slice(open));
  if (!match) return 'tag';
  return { name: (match[1] ?? '').toLowerCase(), value: match[3] ?? '' };
}

export function escapeHtmlAction(text: string, value: GoValue, before: string): string {
  const context = attributeContext(before);
  const safe = value instanceof GoStruct && value.typeName === HTML_TYPE;
  if (context === undefined) return safe ? text : htmlEscape(text);
  if (context === 'tag' || !URL_ATTRIBUTES.has(context.name)) return htmlEscape(text);
  if (context.value === '') return htmlEscape(percentEncode(urlFilter(text), true));
  if (/[?#]/.test(context.value)) {
    const raw = value instanceof GoStruct && value.typeName === URLQUERY_TYPE ? value.fields.get('raw') : undefined;
    return htmlEscape(percentEncode(typeof raw === 'string' ? raw : text, false));
  }
  return htmlEscape(percentEncode(text, true));
}

/** html/template drops HTML comments from the template's text. */
export function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '');
}
