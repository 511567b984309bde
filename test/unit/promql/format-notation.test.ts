import { describe, expect, it } from 'vitest';
import {
  expandSeriesNotation,
  formatGoFloat,
  formatPromValue,
  parseSeriesLabels,
  PromqlError,
} from '../../../src/promql/index.js';

describe('formatPromValue (Prometheus HTTP API sample values)', () => {
  it.each([
    [1, '1'],
    [0, '0'],
    [-0, '-0'],
    [0.5, '0.5'],
    [1000000, '1000000'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [1.5e300, '1.5e+300'],
    [0.000001, '0.000001'],
    [0.0000001, '1e-07'],
    [-2.5e-10, '-2.5e-10'],
    [1 / 3, '0.3333333333333333'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('%s → %s', (v, s) => {
    expect(formatPromValue(v)).toBe(s);
  });
});

describe('formatGoFloat (Go %v / strconv "g" shortest)', () => {
  it.each([
    [1, '1'],
    [123456, '123456'],
    [1000000, '1e+06'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.1 + 0.2, '0.30000000000000004'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ])('%s → %s', (v, s) => {
    expect(formatGoFloat(v)).toBe(s);
  });
});

describe('expandSeriesNotation (promtool input_series values)', () => {
  it.each<[string, (number | 'stale' | null)[]]>([
    ['1 2 3', [1, 2, 3]],
    ['0+10x3', [0, 10, 20, 30]],
    ['-2+4x3', [-2, 2, 6, 10]],
    ['1-2x4', [1, -1, -3, -5, -7]],
    ['1x4', [1, 1, 1, 1, 1]],
    ['1 _x3 stale', [1, null, null, null, 'stale']],
    ['_ 5 _', [null, 5, null]],
    ['stalex2', ['stale', 'stale', 'stale']],
    ['1e3+1e2x2', [1000, 1100, 1200]],
    ['  0.5+0.25x2  3 ', [0.5, 0.75, 1, 3]],
    ['Inf -Inf', [Infinity, -Infinity]],
  ])('%s', (text, expected) => {
    expect(expandSeriesNotation(text)).toEqual(expected);
  });

  it('accumulates by repeated addition like promtool', () => {
    const values = expandSeriesNotation('0+0.1x3');
    expect(values[3]).toBe(0.1 + 0.1 + 0.1);
  });

  it('parses NaN', () => {
    expect(expandSeriesNotation('NaN')[0]).toBeNaN();
  });

  it.each(['abc', '1+x3', '1 2 foo'])('rejects %s', (text) => {
    expect(() => expandSeriesNotation(text)).toThrow(PromqlError);
  });
});

describe('parseSeriesLabels (promtool series selectors)', () => {
  it.each([
    ['up', { __name__: 'up' }],
    ['{}', {}],
    ['up{job="api", instance="h:1"}', { __name__: 'up', job: 'api', instance: 'h:1' }],
    ['{__name__="up", job="x"}', { __name__: 'up', job: 'x' }],
    ['node_fs{mount="/", path="a\\"b"}', { __name__: 'node_fs', mount: '/', path: 'a"b' }],
  ])('%s', (text, labels) => {
    expect(parseSeriesLabels(text)).toEqual(labels);
  });

  it.each(['up{job=~"a"}', 'sum(up)', 'up{'])('rejects %s', (text) => {
    expect(() => parseSeriesLabels(text)).toThrow(PromqlError);
  });
});
