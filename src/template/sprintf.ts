// Go's fmt.Sprintf for the verbs alert templates use (%s %d %f %e %g %v %q %x %t %c %%, flags, width, precision),
// including Go's in-band error notation (`%!d(float64=1.5)`, `%!s(MISSING)`, `%!(EXTRA ...)`).
import { strconvFormatFloat } from './float-format.js';
import { formatValue, GoMap, GoStruct, typeName, type GoValue } from './values.js';

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  sharp: boolean;
  width: number | undefined;
  prec: number | undefined;
  verb: string;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) out += simple;
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  if (text.length >= width) return text;
  if (spec.minus) return text.padEnd(width, ' ');
  if (spec.zero && (!numeric || /\d/.test(text))) {
    const signLength = numeric && /^[+\- ]/.test(text) ? 1 : 0;
    return text.slice(0, signLength) + text.slice(signLength).padStart(width - signLength, '0');
  }
  return text.padStart(width, ' ');
}

/** fmt's fmtFloat sign rules: `+` and space flags; +Inf keeps its sign, NaN gets one only when a flag asks. */
function signed(text: string, spec: Spec): string {
  let num = text.startsWith('-') || text.startsWith('+') ? text : '+' + text;
  if (spec.space && num.startsWith('+') && !spec.plus) num = ' ' + num.slice(1);
  const body = num.slice(1);
  if (body.startsWith('Inf') || body.startsWith('NaN')) {
    return body.startsWith('NaN') && !spec.space && !spec.plus ? body : num;
  }
  return spec.plus || !num.startsWith('+') ? num : body;
}

/** Infinities and NaN are padded with spaces even under the 0 flag (they do not look like numbers). */
function floatPad(text: string, spec: Spec, v: number): string {
  return pad(text, Number.isFinite(v) ? spec : { ...spec, zero: false }, true);
}

/** Go prints a wrong-type argument with %v under the same flags, width and precision: `%!f(string=    1.)`. */
function badVerb(spec: Spec, arg: GoValue): string {
  if (arg === null) return `%!${spec.verb}(<nil>)`;
  return `%!${spec.verb}(${typeName(arg)}=${formatOne(arg, { ...spec, verb: 'v' })})`;
}

/** %x / %X of a float64: Go's hexadecimal mantissa and binary exponent, `0x1.cp+01`. */
function hexFloat(v: number, upper: boolean): string {
  if (!Number.isFinite(v)) return strconvFormatFloat(v, 'g', -1);
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  let text = '0x0p+00';
  if (v !== 0) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, Math.abs(v));
    const bits = view.getBigUint64(0);
    let exp = Number((bits >> 52n) & 0x7ffn);
    let mantissa = bits & ((1n << 52n) - 1n);
    if (exp === 0) {
      // Subnormal: normalise so the leading digit is 1, as Go does.
      exp = 1;
      while ((mantissa & (1n << 52n)) === 0n) {
        mantissa <<= 1n;
        exp--;
      }
      mantissa &= (1n << 52n) - 1n;
    }
    const digits = mantissa.toString(16).padStart(13, '0').replace(/0+$/, '');
    const e = exp - 1023;
    text = `0x1${digits ? '.' + digits : ''}p${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return sign + (upper ? text.toUpperCase() : text);
}

function formatFloat(v: number, spec: Spec): string | undefined {
  if (spec.verb === 'x' || spec.verb === 'X') return floatPad(signed(hexFloat(v, spec.verb === 'X'), spec), spec, v);
  const verb = spec.verb === 'v' ? 'g' : spec.verb === 'F' ? 'f' : spec.verb;
  if (verb !== 'e' && verb !== 'E' && verb !== 'f' && verb !== 'g' && verb !== 'G') return undefined;
  const prec = spec.prec ?? (verb === 'g' || verb === 'G' ? -1 : 6);
  return floatPad(signed(strconvFormatFloat(v, verb, prec), spec), spec, v);
}

function formatInt(v: bigint, spec: Spec): string | undefined {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  let digits: string;
  switch (spec.verb) {
    case 'd':
    case 'v':
      digits = abs.toString();
      break;
    case 'x':
      digits = (spec.sharp ? '0x' : '') + abs.toString(16);
      break;
    case 'X':
      digits = (spec.sharp ? '0X' : '') + abs.toString(16).toUpperCase();
      break;
    case 'o':
      digits = abs.toString(8);
      break;
    case 'b':
      digits = abs.toString(2);
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(v)), spec, false);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(v))}'`, spec, false);
    default:
      return undefined;
  }
  return pad(signed((negative ? '-' : '') + digits, spec), spec, true);
}

function formatString(v: string, spec: Spec): string | undefined {
  const truncated = spec.prec === undefined ? v : [...v].slice(0, spec.prec).join('');
  switch (spec.verb) {
    case 's':
    case 'v':
      return pad(truncated, spec, false);
    case 'q':
      return pad(goQuote(truncated), spec, false);
    case 'x':
    case 'X': {
      // The space flag separates the bytes: `% x` of "hi" is "68 69".
      const hex = [...Buffer.from(truncated, 'utf8')]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(spec.space ? ' ' : '');
      return pad(spec.verb === 'X' ? hex.toUpperCase() : hex, spec, false);
    }
    default:
      return undefined;
  }
}

function formatOne(arg: GoValue, rawSpec: Spec): string {
  // fmt turns %+v's plus into "struct field names" (plusV): numbers print without a sign.
  const spec = rawSpec.verb === 'v' && rawSpec.plus ? { ...rawSpec, plus: false } : rawSpec;
  if (spec.verb === 'T') return pad(typeName(arg), spec, false);
  let out: string | undefined;
  if (typeof arg === 'number') out = formatFloat(arg, spec);
  else if (typeof arg === 'bigint') out = formatInt(arg, spec);
  else if (typeof arg === 'string') out = formatString(arg, spec);
  else if (typeof arg === 'boolean')
    out = spec.verb === 't' || spec.verb === 'v' ? pad(String(arg), spec, false) : undefined;
  else if (arg === null) out = spec.verb === 'v' ? pad('<nil>', spec, false) : undefined;
  else if (arg instanceof GoMap || arg instanceof GoStruct || Array.isArray(arg))
    out = spec.verb === 'v' || spec.verb === 's' ? pad(formatValue(arg), spec, false) : undefined;
  return out ?? badVerb(spec, arg);
}

const SPEC = /^([-+# 0]*)(\d+|\*)?(?:\.(\d*|\*))?([a-zA-Z%])?/;

export function goSprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argIndex = 0;
  let i = 0;
  const nextInt = (): number | undefined => {
    const a = args[argIndex++];
    return typeof a === 'bigint' ? Number(a) : undefined;
  };
  while (i < format.length) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    const match = SPEC.exec(format.slice(percent + 1));
    const [whole = '', flags = '', width, prec, verb] = match ?? [];
    i = percent + 1 + whole.length;
    if (verb === undefined) {
      out += '%!(NOVERB)';
      continue;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    const spec: Spec = {
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      zero: flags.includes('0') && !flags.includes('-'),
      sharp: flags.includes('#'),
      width: width === '*' ? nextInt() : width === undefined ? undefined : Number(width),
      prec: prec === '*' ? nextInt() : prec === undefined ? undefined : Number(prec || '0'),
      verb,
    };
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(args[argIndex++] ?? null, spec);
  }
  if (argIndex < args.length) {
    const extra = args.slice(argIndex).map((a) => (a === null ? '<nil>' : `${typeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function goSprint(args: readonly GoValue[]): string {
  let out = '';
  args.forEach((arg, index) => {
    const previous = args[index - 1];
    if (index > 0 && typeof arg !== 'string' && typeof previous !== 'string') out += ' ';
    out += formatValue(arg);
  });
  return out;
}
