// Prometheus's number formatting functions for templates (humanize, humanize1024, humanizeDuration,
// humanizePercentage, humanizeTimestamp), printing exactly what Prometheus prints (Go's %.4g, its loops and cut-offs).
import { strconvFormatFloat } from './float-format.js';
import { formatValue, typeName, type GoValue } from './values.js';

export class TemplateFunctionError extends Error {}

const g4 = (v: number): string => strconvFormatFloat(v, 'g', 4);

/** Prometheus's convertToFloat: numbers as they are, strings parsed as Go's ParseFloat would. */
export function convertToFloat(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const text = v.trim() === v ? v.replace(/_/g, '') : '';
    const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
    if (special) return special[2]?.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
    const valid = text !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text);
    const value = valid ? Number(text) : NaN;
    if (Number.isNaN(value))
      throw new TemplateFunctionError(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
    return value;
  }
  throw new TemplateFunctionError(`can't convert ${typeName(v)} to float`);
}

const SMALL_PREFIXES = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

function scaleDown(v: number): [number, string] {
  let prefix = '';
  for (const p of SMALL_PREFIXES) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return [v, prefix];
}

export function humanize(input: GoValue): string {
  let v = convertToFloat(input);
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  if (Math.abs(v) >= 1) {
    let prefix = '';
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v) + prefix;
  }
  const [scaled, prefix] = scaleDown(v);
  return g4(scaled) + prefix;
}

export function humanize1024(input: GoValue): string {
  let v = convertToFloat(input);
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v) + prefix;
}

export function humanizeDuration(input: GoValue): string {
  let v = convertToFloat(input);
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return g4(v) + 's';
  if (Math.abs(v) >= 1) {
    let sign = '';
    if (v < 0) {
      sign = '-';
      v = -v;
    }
    const whole = Math.trunc(v);
    const seconds = whole % 60;
    const minutes = Math.trunc(whole / 60) % 60;
    const hours = Math.trunc(whole / 3600) % 24;
    const days = Math.trunc(whole / 86400);
    // Days to minutes show whole seconds; seconds alone keep 4 significant digits.
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${g4(v)}s`;
  }
  const [scaled, prefix] = scaleDown(v);
  return `${g4(scaled)}${prefix}s`;
}

export function humanizePercentage(input: GoValue): string {
  return g4(convertToFloat(input) * 100) + '%';
}

/** Go's time.Time.String() in UTC at Prometheus's millisecond precision: "2015-06-23 13:19:44.128 +0000 UTC". */
export function humanizeTimestamp(input: GoValue): string {
  const v = convertToFloat(input);
  if (!Number.isFinite(v)) return g4(v);
  const nanos = v * 1e9;
  if (Math.abs(nanos) > 9.223372036854776e18)
    throw new TemplateFunctionError(
      `${formatValue(v)} cannot be represented as a nanoseconds timestamp since it overflows int64`,
    );
  const ms = Math.trunc(nanos / 1e6);
  const date = new Date(ms);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const fraction = date.getUTCMilliseconds() === 0 ? '' : '.' + pad(date.getUTCMilliseconds(), 3).replace(/0+$/, '');
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction} +0000 UTC`
  );
}
