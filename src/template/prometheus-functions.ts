// Prometheus's template functions beyond humanize* (template/template.go in 2.42) and Go's builtins `js` and `slice`.
// The ones that need the alert's context (query, externalURL, pathPrefix) are built per expansion.
import { parseDuration } from '../config/duration.js';
import { convertToFloat, humanizeTimestamp, TemplateFunctionError } from './humanize.js';
import { goSprint } from './sprintf.js';
import { GoMap, GoStruct, typeName, type GoValue } from './values.js';
import type { GoFunction, ParamType } from './functions.js';

const fn = (params: ParamType[], call: (args: GoValue[]) => GoValue, variadic?: ParamType): GoFunction =>
  variadic ? { params, variadic, call } : { params, call };
const str = (v: GoValue | undefined): string => (typeof v === 'string' ? v : '');

/** Go's net.SplitHostPort, or null where it returns an error. */
function splitHostPort(hostPort: string): [string, string] | null {
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0) return null;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0 || close + 1 !== colon) return null;
    return [hostPort.slice(1, close), hostPort.slice(colon + 1)];
  }
  const host = hostPort.slice(0, colon);
  if (host.includes(':') || host.includes('[') || host.includes(']')) return null;
  return [host, hostPort.slice(colon + 1)];
}

function isIP(host: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(host)) return host.split('.').every((p) => Number(p) <= 255);
  return host.includes(':') && /^[0-9a-fA-F:.]+$/.test(host);
}

function stripDomain(hostPort: string): string {
  const split = splitHostPort(hostPort);
  const host = split ? split[0] : hostPort;
  if (isIP(host)) return hostPort;
  const short = host.split('.')[0] as string;
  const port = split ? split[1] : '';
  if (port === '') return short;
  return short.includes(':') ? `[${short}]:${port}` : `${short}:${port}`;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** text/template's JSEscapeString. */
function jsEscape(s: string): string {
  const named: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"' };
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (named[ch] !== undefined) out += named[ch];
    else if (
      ch === '<' ||
      ch === '>' ||
      ch === '&' ||
      ch === '=' ||
      code < 0x20 ||
      !/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch)
    )
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** Go's builtin slice: item[i], item[i:j], item[i:j:k] for strings (bytes, ASCII here) and slices. */
function slice(item: GoValue, indexes: GoValue[]): GoValue {
  if (item === null) throw new TemplateFunctionError('slice of untyped nil');
  const isString = typeof item === 'string';
  if (!isString && !Array.isArray(item)) throw new TemplateFunctionError(`can't slice item of type ${typeName(item)}`);
  if (indexes.length > 3) throw new TemplateFunctionError(`too many slice indexes: ${indexes.length}`);
  if (isString && indexes.length === 3) throw new TemplateFunctionError('cannot 3-index slice a string');
  const length = (item as string | readonly GoValue[]).length;
  const idx = indexes.map((i) => {
    if (typeof i !== 'bigint') throw new TemplateFunctionError(`cannot index slice/array with type ${typeName(i)}`);
    if (i < 0n || i > BigInt(length)) throw new TemplateFunctionError(`index out of range: ${i}`);
    return Number(i);
  });
  const [from = 0, to = length] = idx;
  if (from > to) throw new TemplateFunctionError(`invalid slice index: ${from} > ${to}`);
  return (item as string | readonly GoValue[]).slice(from, to) as GoValue;
}

const SAMPLE_TYPE = '*template.sample';

function sampleArg(v: GoValue, name: string): GoStruct {
  if (!(v instanceof GoStruct) || v.typeName !== SAMPLE_TYPE)
    throw new TemplateFunctionError(`wrong type for value; expected ${SAMPLE_TYPE}; got ${typeName(v)} in ${name}`);
  return v;
}

function sampleLabel(s: GoStruct, label: string): string {
  const labels = s.fields.get('Labels');
  const v = labels instanceof GoMap ? labels.entries.get(label) : undefined;
  return typeof v === 'string' ? v : '';
}

export const PROMETHEUS_FUNCTIONS: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  [
    'args',
    fn([], (args) => new GoMap(new Map(args.map((a, i) => [`arg${i}`, a])), null, 'map[string]interface {}'), 'any'),
  ],
  ['safeHtml', fn(['string'], ([s]) => str(s))],
  ['stripPort', fn(['string'], ([s]) => splitHostPort(str(s))?.[0] ?? str(s))],
  ['stripDomain', fn(['string'], ([s]) => stripDomain(str(s)))],
  [
    'parseDuration',
    fn(['string'], ([s]) => {
      const ms = parseDuration(str(s));
      if (ms === undefined || str(s) === '')
        throw new TemplateFunctionError(`not a valid duration string: ${JSON.stringify(str(s))}`);
      return ms / 1000;
    }),
  ],
  [
    'toTime',
    fn(['any'], ([v = null]) => {
      const seconds = convertToFloat(v);
      if (!Number.isFinite(seconds)) throw new TemplateFunctionError('value is NaN or Inf');
      return humanizeTimestamp(seconds);
    }),
  ],
  ['graphLink', fn(['string'], ([e]) => `/graph?g0.expr=${queryEscape(str(e))}&g0.tab=0`)],
  ['tableLink', fn(['string'], ([e]) => `/graph?g0.expr=${queryEscape(str(e))}&g0.tab=1`)],
  [
    'js',
    fn([], (args) => jsEscape(args.length === 1 && typeof args[0] === 'string' ? args[0] : goSprint(args)), 'any'),
  ],
  ['slice', fn(['any'], ([item = null, ...indexes]) => slice(item, indexes), 'any')],
  [
    'first',
    fn(['any'], ([v = null]) => {
      if (!Array.isArray(v))
        throw new TemplateFunctionError(`wrong type for value; expected template.queryResult; got ${typeName(v)}`);
      if (v.length === 0) throw new TemplateFunctionError('first() called on vector with no elements');
      return v[0] as GoValue;
    }),
  ],
  ['label', fn(['string', 'any'], ([l, s = null]) => sampleLabel(sampleArg(s, 'label'), str(l)))],
  ['value', fn(['any'], ([s = null]) => sampleArg(s, 'value').fields.get('Value') ?? 0)],
  ['strvalue', fn(['any'], ([s = null]) => sampleLabel(sampleArg(s, 'strvalue'), '__value__'))],
  [
    'sortByLabel',
    fn(['string', 'any'], ([l, v = null]) => {
      if (!Array.isArray(v))
        throw new TemplateFunctionError(`wrong type for value; expected template.queryResult; got ${typeName(v)}`);
      const label = str(l);
      return [...(v as GoStruct[])].sort((a, b) => {
        const [x, y] = [sampleLabel(a, label), sampleLabel(b, label)];
        return x < y ? -1 : x > y ? 1 : 0;
      });
    }),
  ],
]);

export interface TemplateContext {
  externalURL: string;
  /** Runs a PromQL query at the rule's evaluation time; throws on errors. */
  query?: (expr: string) => { labels: Readonly<Record<string, string>>; value: number }[];
}

/** query, externalURL and pathPrefix, which read the rule's context. */
export function contextFunctions(ctx: TemplateContext): ReadonlyMap<string, GoFunction> {
  return new Map<string, GoFunction>([
    [
      'query',
      fn(['string'], ([q]) => {
        if (!ctx.query) throw new TemplateFunctionError('queries are not available here');
        let result;
        try {
          result = ctx.query(str(q));
        } catch (error) {
          throw new TemplateFunctionError((error as Error).message);
        }
        return result.map(
          (s) =>
            new GoStruct(
              SAMPLE_TYPE,
              new Map<string, GoValue>([
                ['Labels', GoMap.ofStrings(s.labels)],
                ['Value', s.value],
              ]),
            ),
        );
      }),
    ],
    ['externalURL', fn([], () => ctx.externalURL)],
    [
      'pathPrefix',
      fn([], () => {
        try {
          return decodeURIComponent(new URL(ctx.externalURL).pathname).replace(
            /^\/$/,
            ctx.externalURL.endsWith('/') ? '/' : '',
          );
        } catch {
          return '';
        }
      }),
    ],
  ]);
}

export const CONTEXT_FUNCTION_NAMES = ['query', 'externalURL', 'pathPrefix'];
