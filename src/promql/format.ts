// Number formatting the way Prometheus (Go) prints floats.

/** Go's exponent style: at least two exponent digits, explicit sign ("1e+06", "1e-07"). */
function goExponent(v: number, digits?: number): string {
  const s = digits === undefined ? v.toExponential() : v.toExponential(digits);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  return null;
}

/** A sample value as Prometheus's HTTP API writes it: plain decimals, exponent form below 1e-6 or from 1e21 on. */
export function formatPromValue(v: number): string {
  const s = special(v);
  if (s !== null) return s;
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return goExponent(v);
  return String(v);
}

/** Go's strconv.FormatFloat(v, 'g', -1, 64), i.e. fmt's %v for floats (templates print values this way): "1e+06". */
export function formatGoFloat(v: number): string {
  const s = special(v);
  if (s !== null) return s;
  if (v === 0) return '0';
  // The decimal exponent of the shortest representation decides, as in strconv's formatDigits.
  const exp = Number(v.toExponential().split('e')[1]);
  return exp < -4 || exp >= 6 ? goExponent(v) : String(v);
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that read back exactly, never an exponent. */
export function formatGoFixed(v: number): string {
  const s = special(v);
  if (s !== null) return s;
  const [mantissa = '', expText = '0'] = v.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const exp = Number(expText);
  let out: string;
  if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length);
  else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return negative ? `-${out}` : out;
}
