import { describe, expect, it } from 'vitest';
import { compareLabels, goDuration, goFloatE, goLabels, goQuote } from '../../../../src/rules/unit-test/go-format.js';

describe("promtool's value formatting (Go)", () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [60_000, '1m0s'],
    [3_723_500, '1h2m3.5s'],
    [90_000_000, '25h0m0s'],
  ])('time.Duration %d ms is %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });

  it.each([
    [1, '1E+00'],
    [15, '1.5E+01'],
    [0.001, '1E-03'],
    [0, '0E+00'],
    [-2.5e-7, '-2.5E-07'],
    [1e21, '1E+21'],
    [16.666666666666668, '1.6666666666666668E+01'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])("FormatFloat(%d, 'E', -1) is %s", (v, text) => {
    expect(goFloatE(v)).toBe(text);
  });

  it('prints label sets sorted and quoted like labels.Labels.String()', () => {
    expect(goLabels({ job: 'a', __name__: 'up', instance: 'x"y' })).toBe('{__name__="up", instance="x\\"y", job="a"}');
    expect(goLabels({})).toBe('{}');
    expect(goQuote('line\nnext\ttab\u0001')).toBe('"line\\nnext\\ttab\\x01"');
  });

  it('orders label sets like labels.Compare', () => {
    expect(compareLabels({ a: '1' }, { a: '2' })).toBeLessThan(0);
    expect(compareLabels({ a: '1', b: '1' }, { a: '1' })).toBeGreaterThan(0);
    expect(compareLabels({ a: '1' }, { b: '0' })).toBeLessThan(0);
    expect(compareLabels({ b: '1', a: '1' }, { a: '1', b: '1' })).toBe(0);
  });
});
