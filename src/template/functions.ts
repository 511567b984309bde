// The function map of a Prometheus alert template: Go's builtins (comparison, logic, len, index, print*) and
// Prometheus's own (humanize*, toUpper, toLower, title, reReplaceAll, match). Each declares Go parameter types so
// type mismatches fail as in Go. `and`/`or` are evaluated lazily by the executor.
import {
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
  TemplateFunctionError,
} from './humanize.js';
import { goSprint, goSprintf } from './sprintf.js';
import { GoMap, formatValue, isTrue, typeName, type GoValue } from './values.js';
import { goRegExp, goReplaceAll } from './go-regexp.js';

export type ParamType = 'any' | 'string' | 'int' | 'float';

export interface GoFunction {
  params: ParamType[];
  variadic?: ParamType;
  call(args: GoValue[]): GoValue;
}

type Kind = 'bool' | 'int' | 'float' | 'string';

function basicKind(v: GoValue): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  throw new TemplateFunctionError('invalid type for comparison');
}

function equal(a: GoValue, b: GoValue): boolean {
  if (a === null || b === null) return a === b;
  if (basicKind(a) !== basicKind(b)) throw new TemplateFunctionError('incompatible types for comparison');
  return a === b;
}

function less(a: GoValue, b: GoValue): boolean {
  const kind = basicKind(a);
  if (kind !== basicKind(b)) throw new TemplateFunctionError('incompatible types for comparison');
  if (kind === 'bool') throw new TemplateFunctionError('invalid type for comparison');
  return (a as string | number | bigint) < (b as string | number | bigint);
}

function length(v: GoValue): bigint {
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v, 'utf8'));
  if (v instanceof GoMap) return BigInt(v.entries.size);
  if (Array.isArray(v)) return BigInt(v.length);
  throw new TemplateFunctionError(`len of type ${typeName(v)}`);
}

function indexOf(item: GoValue, keys: GoValue[]): GoValue {
  let current = item;
  for (const key of keys) {
    if (current instanceof GoMap) {
      if (typeof key !== 'string') throw new TemplateFunctionError(`value has type ${typeName(key)}; should be string`);
      current = current.entries.get(key) ?? current.zero;
    } else if (Array.isArray(current)) {
      if (typeof key !== 'bigint')
        throw new TemplateFunctionError(`cannot index slice/array with type ${typeName(key)}`);
      const element = current[Number(key)];
      if (key < 0n || element === undefined) throw new TemplateFunctionError(`index out of range: ${String(key)}`);
      current = element;
    } else if (current === null) throw new TemplateFunctionError('index of untyped nil');
    else throw new TemplateFunctionError(`can't index item of type ${typeName(current)}`);
  }
  return current;
}

/** strings.Title: upper-cases the first letter of each word. */
function title(s: string): string {
  let previous = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(previous) ? ch.toUpperCase() : ch;
    previous = ch;
  }
  return out;
}

function isSeparator(ch: string): boolean {
  if (/^[A-Za-z0-9_]$/.test(ch)) return false;
  if ((ch.codePointAt(0) ?? 0) <= 0x7f) return true;
  if (/^[\p{L}\p{Nd}]$/u.test(ch)) return false;
  return /^\s$/u.test(ch);
}

function htmlEscape(s: string): string {
  const map: Record<string, string> = {
    '"': '&#34;',
    "'": '&#39;',
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '\0': '\uFFFD',
  };
  return s.replace(/["'&<>\0]/g, (c) => map[c] ?? c);
}

function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

const fn = (params: ParamType[], call: (args: GoValue[]) => GoValue, variadic?: ParamType): GoFunction =>
  variadic ? { params, variadic, call } : { params, call };
const str = (v: GoValue | undefined): string => (typeof v === 'string' ? v : '');

export const TEMPLATE_FUNCTIONS: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['and', fn([], () => null, 'any')],
  ['or', fn([], () => null, 'any')],
  ['not', fn(['any'], ([a]) => !isTrue(a ?? null))],
  [
    'eq',
    fn(['any'], ([a = null, ...rest]) => (rest.length === 0 ? invalidEq() : rest.some((b) => equal(a, b))), 'any'),
  ],
  ['ne', fn(['any', 'any'], ([a = null, b = null]) => !equal(a, b))],
  ['lt', fn(['any', 'any'], ([a = null, b = null]) => less(a, b))],
  ['le', fn(['any', 'any'], ([a = null, b = null]) => less(a, b) || equal(a, b))],
  ['gt', fn(['any', 'any'], ([a = null, b = null]) => !(less(a, b) || equal(a, b)))],
  ['ge', fn(['any', 'any'], ([a = null, b = null]) => !less(a, b))],
  ['len', fn(['any'], ([a = null]) => length(a))],
  ['index', fn(['any'], ([item = null, ...keys]) => indexOf(item, keys), 'any')],
  ['print', fn([], (args) => goSprint(args), 'any')],
  ['println', fn([], (args) => args.map(formatValue).join(' ') + '\n', 'any')],
  ['printf', fn(['string'], ([format, ...args]) => goSprintf(str(format), args), 'any')],
  ['html', fn([], (args) => htmlEscape(goSprint(args)), 'any')],
  ['urlquery', fn([], (args) => queryEscape(goSprint(args)), 'any')],
  ['humanize', fn(['any'], ([v = null]) => humanize(v))],
  ['humanize1024', fn(['any'], ([v = null]) => humanize1024(v))],
  ['humanizeDuration', fn(['any'], ([v = null]) => humanizeDuration(v))],
  ['humanizePercentage', fn(['any'], ([v = null]) => humanizePercentage(v))],
  ['humanizeTimestamp', fn(['any'], ([v = null]) => humanizeTimestamp(v))],
  ['toUpper', fn(['string'], ([s]) => str(s).toUpperCase())],
  ['toLower', fn(['string'], ([s]) => str(s).toLowerCase())],
  ['title', fn(['string'], ([s]) => title(str(s)))],
  ['match', fn(['string', 'string'], ([pattern, text]) => goRegExp(str(pattern)).test(str(text)))],
  [
    'reReplaceAll',
    fn(['string', 'string', 'string'], ([pattern, repl, text]) => {
      return goReplaceAll(goRegExp(str(pattern), true), str(text), str(repl));
    }),
  ],
]);

function invalidEq(): never {
  throw new TemplateFunctionError('missing argument for comparison');
}

export const TEMPLATE_FUNCTION_NAMES: ReadonlySet<string> = new Set(TEMPLATE_FUNCTIONS.keys());
