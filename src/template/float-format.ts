// Go's strconv float formatting ('e', 'f', 'g' with or without precision), reproduced exactly: templates print
// numbers the way Prometheus (Go) does, and JavaScript's toPrecision/toFixed differ (exponent thresholds, exponent
// width, and ties: Go rounds an exact half to even on the exact binary value).

/** A decimal number 0.d1d2d3... × 10^dp, digits without leading or trailing zeros (empty means zero). */
interface Decimal {
  digits: string;
  dp: number;
}

/** The exact decimal expansion of a finite double (every double is a finite decimal). */
function exactDecimal(abs: number): Decimal {
  if (abs === 0) return { digits: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp2 = biasedExp - 1075;
  if (biasedExp === 0) exp2 = -1074;
  else mantissa |= 1n << 52n;
  let text: string;
  let fractionDigits = 0;
  if (exp2 >= 0) text = (mantissa << BigInt(exp2)).toString();
  else {
    text = (mantissa * 5n ** BigInt(-exp2)).toString();
    fractionDigits = -exp2;
  }
  return trimDecimal({ digits: text, dp: text.length - fractionDigits });
}

function trimDecimal(d: Decimal): Decimal {
  let digits = d.digits;
  let dp = d.dp;
  let lead = 0;
  while (lead < digits.length && digits[lead] === '0') lead++;
  digits = digits.slice(lead);
  dp -= lead;
  digits = digits.replace(/0+$/, '');
  return digits === '' ? { digits: '', dp: 0 } : { digits, dp };
}

/** Rounds to `nd` significant digits, an exact half to even (Go's decimal.Round). */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  const halfway = next === 5 && nd + 1 === d.digits.length;
  const prevOdd = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  const up = halfway ? prevOdd : next >= 5;
  if (!up) return trimDecimal({ digits: d.digits.slice(0, nd), dp: d.dp });
  const kept = d.digits.slice(0, nd);
  if (kept === '') return { digits: '1', dp: d.dp + 1 };
  const bumped = (BigInt(kept) + 1n).toString();
  return trimDecimal({ digits: bumped, dp: d.dp + (bumped.length - kept.length) });
}

/** Shortest digits that read back as the same double (JavaScript and Go agree on this). */
function shortestDecimal(abs: number): Decimal {
  if (abs === 0) return { digits: '', dp: 0 };
  const [mantissa = '', exponent = '0'] = abs.toExponential().split('e');
  return trimDecimal({ digits: mantissa.replace('.', ''), dp: Number(exponent) + 1 });
}

function formatE(d: Decimal, prec: number, expChar: string): string {
  const digits = d.digits === '' ? '0' : d.digits;
  let out = digits[0] ?? '0';
  if (prec > 0) out += '.' + digits.slice(1).padEnd(prec, '0').slice(0, prec);
  const exp = d.digits === '' ? 0 : d.dp - 1;
  const expAbs = Math.abs(exp);
  return `${out}${expChar}${exp < 0 ? '-' : '+'}${expAbs < 10 ? '0' : ''}${expAbs}`;
}

function formatF(d: Decimal, prec: number): string {
  let intPart = '';
  if (d.dp > 0) intPart = d.digits.slice(0, d.dp).padEnd(d.dp, '0');
  if (intPart === '') intPart = '0';
  if (prec <= 0) return intPart;
  let frac = '';
  for (let i = 0; i < prec; i++) {
    const index = d.dp + i;
    frac += index >= 0 && index < d.digits.length ? d.digits[index] : '0';
  }
  return `${intPart}.${frac}`;
}

function special(v: number, plusSign: boolean): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return plusSign ? '+Inf' : 'Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

/**
 * strconv.FormatFloat(v, verb, prec, 64) for verb 'e' | 'E' | 'f' | 'g' | 'G'; prec -1 means shortest.
 * Infinity prints as "+Inf" as fmt does (strconv alone prints "+Inf" too).
 */
export function strconvFormatFloat(v: number, verb: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  const odd = special(v, true);
  if (odd !== undefined) return odd;
  const negative = v < 0 || Object.is(v, -0);
  const sign = negative ? '-' : '';
  const abs = Math.abs(v);
  const shortest = prec < 0;
  if (verb === 'e' || verb === 'E') {
    const d = shortest ? shortestDecimal(abs) : roundDecimal(exactDecimal(abs), prec + 1);
    return sign + formatE(d, shortest ? Math.max(d.digits.length - 1, 0) : prec, verb);
  }
  if (verb === 'f') {
    if (shortest) {
      const d = shortestDecimal(abs);
      return sign + formatF(d, Math.max(d.digits.length - d.dp, 0));
    }
    const exact = exactDecimal(abs);
    return sign + formatF(roundDecimal(exact, exact.dp + prec), prec);
  }
  let p = prec === 0 ? 1 : prec;
  const d = shortest ? shortestDecimal(abs) : roundDecimal(exactDecimal(abs), p);
  const eprec = shortest ? 6 : p;
  const exp = d.digits === '' ? 0 : d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (shortest || p > d.digits.length) p = Math.max(d.digits.length, 1);
    return sign + formatE(d, p - 1, verb === 'g' ? 'e' : 'E');
  }
  if (shortest || p > d.dp) p = d.digits.length;
  return sign + formatF(d, Math.max(p - d.dp, 0));
}

/** Go's %v / fmt.Sprint of a float64: shortest 'g'. */
export function goFloatString(v: number): string {
  return strconvFormatFloat(v, 'g', -1);
}
