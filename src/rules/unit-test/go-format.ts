// How promtool prints the values in its failure messages (Go's fmt/strconv), so our messages read the same.
import type { Labels } from '../../collect/model.js';

/** Go's strconv.Quote for the text that occurs in labels and annotations (control characters as \xNN). */
export function goQuote(text: string): string {
  return JSON.stringify(text)
    .replace(/\\u00([01][0-9a-f])/g, '\\x$1')
    .replace(/\x7f/g, '\\x7f');
}

/** A label set as Prometheus's labels.Labels.String(): sorted by name, `{a="1", b="2"}`. */
export function goLabels(labels: Labels): string {
  const names = Object.keys(labels).sort(compareStrings);
  return `{${names.map((n) => `${n}=${goQuote(labels[n] ?? '')}`).join(', ')}}`;
}

/** Go's time.Duration.String() for whole milliseconds: `0s`, `500ms`, `1m0s`, `1h2m3.5s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = `${Math.floor(rest / 1000)}${rest % 1000 ? `.${String(rest % 1000).padStart(3, '0')}`.replace(/0+$/, '') : ''}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/** Go's strconv.FormatFloat(v, 'E', -1, 64): `1E+00`, `1.5E+01`, `NaN`, `+Inf`. */
export function goFloatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const [mantissa = '0', exponent = '+0'] = v.toExponential().split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${Object.is(v, -0) ? '-' : ''}${mantissa}E${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** Byte-wise order of Go strings (for the ASCII names and values of labels, the same as UTF-16 order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Prometheus's labels.Compare: the first differing name, then value, decides; a prefix sorts first. */
export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort(compareStrings);
  const bn = Object.keys(b).sort(compareStrings);
  for (let i = 0; i < Math.min(an.length, bn.length); i++) {
    const nameA = an[i] as string;
    const nameB = bn[i] as string;
    if (nameA !== nameB) return compareStrings(nameA, nameB);
    const byValue = compareStrings(a[nameA] ?? '', b[nameB] ?? '');
    if (byValue !== 0) return byValue;
  }
  return an.length - bn.length;
}

/** Prefixes every line but the first, as promtool's indentLines. */
export function indentLines(text: string, indent: string): string {
  return text.split('\n').join(`\n${indent}`);
}
