// Performance data in the Nagios plugin grammar: 'label'=value[UOM];warn;crit;min;max, thresholds as Nagios ranges.
import type { ComparisonOp } from '../promql/ast.js';

/** Nagios's units of measure that pgwarden uses: seconds, bytes, percent, continuous counter, or none. */
export type PerfUnit = '' | 's' | 'B' | '%' | 'c';

/**
 * A Nagios range: the plugin alerts when the value is outside [start, end] (inclusive), or inside it with `@`.
 * start may be -Infinity (`~`), end may be Infinity (empty).
 */
export interface NagiosRange {
  readonly start: number;
  readonly end: number;
  readonly alertInside: boolean;
}

export interface PerfValue {
  readonly label: string;
  /** NaN when unknown (printed as `U`). */
  readonly value: number;
  readonly unit: PerfUnit;
  readonly warn?: NagiosRange | undefined;
  readonly crit?: NagiosRange | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/** Numbers as plain decimals (the plugin grammar has no exponent), rounded to 8 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'U';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return v.toFixed(0);
  const rounded = Number(v.toPrecision(8));
  const text = rounded.toString();
  if (!/e/i.test(text)) return text;
  // Tiny values: enough fixed decimals for 8 significant digits, trailing zeros dropped.
  const decimals = Math.min(100, 7 - Math.floor(Math.log10(Math.abs(rounded))));
  return rounded.toFixed(decimals).replace(/\.?0+$/, '');
}

/** `10` (0..10), `10:` (at least 10), `~:10` (at most 10), `@10:20` (alert inside), ... per the plugin guidelines. */
export function formatRange(range: NagiosRange): string {
  const prefix = range.alertInside ? '@' : '';
  const end = range.end === Infinity ? '' : formatNumber(range.end);
  if (range.start === 0 && range.end !== Infinity) return `${prefix}${end}`;
  const start = range.start === -Infinity ? '~' : formatNumber(range.start);
  return `${prefix}${start}:${end}`;
}

/**
 * The range whose alerts match "the rule fires when value <op> threshold". Nagios ranges are inclusive, so strict
 * and non-strict comparisons need different shapes (`> 5` is `~:5`, `>= 5` is `@5:`). A range starting at -∞ is
 * written from 0 when the value cannot be negative (`5` rather than `~:5`), as plugins usually do.
 */
export function rangeForComparison(op: ComparisonOp, threshold: number, nonNegative = false): NagiosRange {
  const below = nonNegative && threshold >= 0 ? 0 : -Infinity;
  switch (op) {
    case '>':
      return { start: below, end: threshold, alertInside: false };
    case '>=':
      return { start: threshold, end: Infinity, alertInside: true };
    case '<':
      return { start: threshold, end: Infinity, alertInside: false };
    case '<=':
      return { start: -Infinity, end: threshold, alertInside: true };
    case '==':
      return { start: threshold, end: threshold, alertInside: true };
    case '!=':
      return { start: threshold, end: threshold, alertInside: false };
  }
}

/** Whether a value raises the range's alert. */
export function rangeAlerts(range: NagiosRange, value: number): boolean {
  const inside = value >= range.start && value <= range.end;
  return range.alertInside ? inside : !inside;
}

/** Labels are quoted when they hold anything but letters, digits, `_`, `.`, `-`, `:` or `/`; a `'` is doubled. */
export function formatLabel(label: string): string {
  const clean = label.replace(/=/g, '_');
  return /^[A-Za-z0-9_.:/-]+$/.test(clean) ? clean : `'${clean.replace(/'/g, "''")}'`;
}

/** Perfdata as JSON (check_pgactivity's shape): ranges already in Nagios syntax, null for unknown. */
export interface PerfEntry {
  readonly val: number | null;
  readonly unit: PerfUnit;
  readonly warn: string | null;
  readonly crit: string | null;
  readonly min: number | null;
  readonly max: number | null;
}

const finite = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

export function perfEntry(p: PerfValue): PerfEntry {
  return {
    val: finite(p.value),
    unit: p.unit,
    warn: p.warn ? formatRange(p.warn) : null,
    crit: p.crit ? formatRange(p.crit) : null,
    min: finite(p.min),
    max: finite(p.max),
  };
}

/** `'label'=value[UOM];warn;crit;min;max`, trailing empty fields left out; an unknown value is `U`. */
export function formatPerfEntry(label: string, e: PerfEntry): string {
  const value = e.val === null ? 'U' : `${formatNumber(e.val)}${e.unit}`;
  const fields = [
    e.warn ?? '',
    e.crit ?? '',
    e.min === null ? '' : formatNumber(e.min),
    e.max === null ? '' : formatNumber(e.max),
  ];
  while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  return [`${formatLabel(label)}=${value}`, ...fields].join(';');
}

export function formatPerfValue(p: PerfValue): string {
  return formatPerfEntry(p.label, perfEntry(p));
}

/** The perfdata part of the status line: space-separated values. */
export function formatPerfdata(values: readonly PerfValue[]): string {
  return values.map(formatPerfValue).join(' ');
}
