import { describe, expect, it } from 'vitest';
import {
  formatLabel,
  formatNumber,
  formatPerfdata,
  formatRange,
  rangeAlerts,
  rangeForComparison,
  type NagiosRange,
} from '../../../src/check/perfdata.js';
import type { ComparisonOp } from '../../../src/promql/ast.js';

const range = (start: number, end: number, alertInside = false): NagiosRange => ({ start, end, alertInside });

describe('formatRange', () => {
  it.each([
    [range(0, 10), '10'],
    [range(10, Infinity), '10:'],
    [range(-Infinity, 10), '~:10'],
    [range(10, 20), '10:20'],
    [range(10, 20, true), '@10:20'],
    [range(0, 10, true), '@10'],
    [range(0.9, Infinity), '0.9:'],
    [range(-Infinity, 0.5, true), '@~:0.5'],
    [range(-5, -1), '-5:-1'],
  ])('%j → %s', (r, text) => {
    expect(formatRange(r)).toBe(text);
  });
});

describe('rangeForComparison', () => {
  it.each([
    ['>', 300, false, '~:300'],
    ['>', 300, true, '300'],
    ['>=', 300, true, '@300:'],
    ['<', 0.9, true, '0.9:'],
    ['<=', 5, true, '@~:5'],
    ['==', 0, true, '@0'],
    ['==', 2, true, '@2:2'],
    ['!=', 1, true, '1:1'],
  ] as const)('value %s %s (non-negative %s) → %s', (op, threshold, nonNegative, text) => {
    expect(formatRange(rangeForComparison(op, threshold, nonNegative))).toBe(text);
  });

  const compare = (v: number, op: ComparisonOp, t: number): boolean =>
    ({ '>': v > t, '>=': v >= t, '<': v < t, '<=': v <= t, '==': v === t, '!=': v !== t })[op];
  const ops: ComparisonOp[] = ['>', '>=', '<', '<=', '==', '!='];
  it.each(ops)('the range of "%s 5" alerts exactly when the rule would fire', (op) => {
    for (const nonNegative of [false, true]) {
      const r = rangeForComparison(op, 5, nonNegative);
      for (const v of [0, 4, 4.999, 5, 5.001, 6, 1e9]) expect(rangeAlerts(r, v)).toBe(compare(v, op, 5));
      if (!nonNegative) for (const v of [-1, -1e9]) expect(rangeAlerts(r, v)).toBe(compare(v, op, 5));
    }
  });
});

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [7804607, '7804607'],
    [93.3920704846, '93.39207'],
    [0.5, '0.5'],
    [1e-7, '0.0000001'],
    [1.5e-9, '0.0000000015'],
    [NaN, 'U'],
  ])('%s → %s', (v, text) => {
    expect(formatNumber(v)).toBe(text);
  });
});

describe('formatLabel', () => {
  it.each([
    ['connections', 'connections'],
    ['db_size_app', 'db_size_app'],
    ['cache hit app', "'cache hit app'"],
    ["it's", "'it''s'"],
    ['a=b', 'a_b'],
  ])('%s → %s', (label, text) => {
    expect(formatLabel(label)).toBe(text);
  });
});

describe('formatPerfdata', () => {
  it('writes value, UOM, ranges, min and max; leaves out trailing empty fields; NaN is U', () => {
    expect(
      formatPerfdata([
        { label: 'connections', value: 3, unit: '', warn: range(0, 77.6), crit: range(0, 87.3), min: 0, max: 97 },
        { label: 'cache hit app', value: 98.5, unit: '%', warn: range(90, Infinity), min: 0, max: 100 },
        { label: 'db_size_app', value: 8192, unit: 'B', min: 0 },
        { label: 'lag', value: NaN, unit: 's' },
        { label: 'waiting', value: 0, unit: '', crit: range(0, 5) },
      ]),
    ).toBe("connections=3;77.6;87.3;0;97 'cache hit app'=98.5%;90:;;0;100 db_size_app=8192B;;;0 lag=U waiting=0;;5");
  });
});
