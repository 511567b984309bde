// Alertmanager 0.25's template functions (template.DefaultFuncs), which notification templates get on top of Go's
// builtins: toUpper, toLower, title, join, match, safeHtml, reReplaceAll, stringSlice; and trimSpace (0.26), which
// templates written for newer Alertmanagers use. Prometheus's humanize* functions stay available as an extension.
import { TEMPLATE_FUNCTION_NAMES, TEMPLATE_FUNCTIONS, type GoFunction } from '../../template/functions.js';
import { GoStruct, withMethods, type GoValue } from '../../template/values.js';
import { stringList } from './data-value.js';

const str = (v: GoValue | undefined): string => (typeof v === 'string' ? v : '');
const builtin = (name: string): GoFunction => TEMPLATE_FUNCTIONS.get(name) as GoFunction;
const WORDS = new Intl.Segmenter('en-US', { granularity: 'word' });

/** cases.Title(language.AmericanEnglish): each word's first letter upper-cased, the rest lower-cased. */
export function titleCase(text: string): string {
  let out = '';
  for (const { segment, isWordLike } of WORDS.segment(text)) {
    if (!isWordLike) out += segment;
    else {
      const [first = '', ...rest] = [...segment];
      out += first.toUpperCase() + rest.join('').toLowerCase();
    }
  }
  return out;
}

export const HTML_TYPE = 'template.HTML';

/** html/template's HTML: printed as is, never escaped in HTML output. */
export function safeHtml(text: string): GoStruct {
  const value = new GoStruct(HTML_TYPE, new Map());
  return withMethods(value, new Map([['String', { params: [], call: () => text }]]));
}

export const NOTIFICATION_FUNCTIONS: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['toUpper', builtin('toUpper')],
  ['toLower', builtin('toLower')],
  ['title', { params: ['string'], call: ([s]) => titleCase(str(s)) }],
  [
    'join',
    { params: ['string', 'any'], call: ([sep, list = null]) => stringList(list, 'another type').join(str(sep)) },
  ],
  ['match', builtin('match')],
  ['safeHtml', { params: ['string'], call: ([s]) => safeHtml(str(s)) }],
  ['reReplaceAll', builtin('reReplaceAll')],
  ['stringSlice', { params: [], variadic: 'string', call: (args) => args.map(str) }],
  ['trimSpace', { params: ['string'], call: ([s]) => str(s).trim() }],
]);

export const NOTIFICATION_FUNCTION_NAMES: ReadonlySet<string> = new Set([
  ...TEMPLATE_FUNCTION_NAMES,
  ...NOTIFICATION_FUNCTIONS.keys(),
]);
