// Literal syntax as Prometheus reads it: numbers (Go ParseFloat + hex) and Go strings. Durations: config/duration.ts.

/** A PromQL number literal (optionally signed), or null. Accepts decimals, exponents, hex, octal, Inf and NaN. */
export function parseNumberLiteral(raw: string): number | null {
  let text = raw.replace(/\s+/g, '');
  let sign = 1;
  while (text.startsWith('-') || text.startsWith('+')) {
    if (text.startsWith('-')) sign = -sign;
    text = text.slice(1);
  }
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return sign * Infinity;
  if (lower === 'nan') return NaN;
  // Prometheus tries Go's strconv.ParseInt(text, 0, 64) first: 0x1f is hex and a leading zero means octal (010 = 8).
  const asInt = /^0x[0-9a-f]+$/i.test(text)
    ? `0x${text.slice(2)}`
    : /^0[0-7]+$/.test(text)
      ? `0o${text.slice(1)}`
      : null;
  if (asInt !== null) {
    const n = BigInt(asInt);
    if (n < 2n ** 63n) return sign * Number(n);
    if (asInt.startsWith('0x')) return null; // ParseFloat does not take hex without a p exponent
  }
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return sign * Number(text);
  return null;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** Unquotes a Go-style string literal ("...", '...' with escapes, or `raw`). Throws a plain Error on bad escapes. */
export function unquoteString(quoted: string): string {
  const quote = quoted[0];
  const body = quoted.slice(1, -1);
  if (quoted.length < 2 || quoted[quoted.length - 1] !== quote) throw new Error('unterminated string');
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new Error('invalid escape at end of string');
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 1;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : /[0-7]/.test(e) ? 3 : 0;
    if (width === 0) throw new Error(`unknown escape sequence \\${e}`);
    const digits = e >= '0' && e <= '7' ? body.slice(i + 1, i + 4) : body.slice(i + 2, i + 2 + width);
    const radix = e >= '0' && e <= '7' ? 8 : 16;
    if (digits.length !== width || !(radix === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/).test(digits)) {
      throw new Error(`invalid escape sequence \\${e}${digits}`);
    }
    const code = parseInt(digits, radix);
    out += e === 'x' || radix === 8 ? String.fromCharCode(code) : String.fromCodePoint(code);
    i += radix === 8 ? 3 : width + 1;
  }
  return out;
}
