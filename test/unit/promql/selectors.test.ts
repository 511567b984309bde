import { describe, expect, it } from 'vitest';
import { evaluateInstant, parsePromql, SampleStore, STALE_NAN } from '../../../src/promql/index.js';
import { expectVector, MIN, storeFrom, vectorAt } from './helpers.js';

describe('instant selectors: 5-minute lookback', () => {
  // samples at 0s and 60s only
  const store = storeFrom({ 'x{job="a"}': '1 2' });
  it.each([
    [60_000, { 'x{job="a"}': 2 }],
    [30_000, { 'x{job="a"}': 1 }],
    [60_000 + 5 * MIN, { 'x{job="a"}': 2 }], // exactly 5m after the last sample: still visible (closed interval)
    [60_001 + 5 * MIN, {}],
    [-1, {}], // before the first sample
  ])('at t=%i ms', (t, expected) => {
    expectVector(vectorAt(store, 'x', t), expected);
  });
});

describe('staleness markers', () => {
  it('end a series immediately for instant selectors', () => {
    const store = storeFrom({ x: '1 2 stale 4' });
    expectVector(vectorAt(store, 'x', 2 * MIN - 1), { 'x{}': 2 });
    expectVector(vectorAt(store, 'x', 2 * MIN), {});
    expectVector(vectorAt(store, 'x', 2 * MIN + 30_000), {});
    expectVector(vectorAt(store, 'x', 3 * MIN), { 'x{}': 4 });
  });

  it('are skipped by range selectors', () => {
    const store = storeFrom({ x: '1 2 stale 4' });
    expectVector(vectorAt(store, 'count_over_time(x[5m])', 3 * MIN), { '{}': 3 });
  });

  it('may be appended as the StaleNaN value', () => {
    const store = new SampleStore({ retentionMs: 3600_000 });
    store.append({ __name__: 'x' }, 0, 1);
    store.append({ __name__: 'x' }, 1000, STALE_NAN);
    expectVector(vectorAt(store, 'x', 2000), {});
  });
});

describe('offset', () => {
  const store = storeFrom({ x: '0+10x10' });
  it.each([
    ['x offset 2m', 80],
    ['x offset 0s', 100],
    ['x offset -2m', 100], // looks 2m into the "future": the newest sample is 100 at 600s, still within lookback
    ['sum_over_time(x[2m] offset 5m)', 30 + 40 + 50],
  ])('%s', (query, value) => {
    const result = vectorAt(store, query, 10 * MIN);
    expect(Object.values(result)).toEqual([value]);
  });
});

describe('matchers', () => {
  const store = storeFrom({
    'x{job="api"}': '1',
    'x{job="api-2"}': '2',
    'x{job="web", env="prod"}': '3',
    'y{job="api"}': '4',
  });
  it.each([
    ['x{job="api"}', ['x{job="api"}']],
    ['x{job!="api"}', ['x{job="api-2"}', 'x{env="prod",job="web"}']],
    ['x{job=~"api"}', ['x{job="api"}']], // anchored: does not match api-2
    ['x{job=~"api.*"}', ['x{job="api"}', 'x{job="api-2"}']],
    ['x{job!~"api.*"}', ['x{env="prod",job="web"}']],
    ['x{env=""}', ['x{job="api"}', 'x{job="api-2"}']], // "" matches a missing label
    ['x{env!=""}', ['x{env="prod",job="web"}']],
    ['x{job=~"API|web"}', ['x{env="prod",job="web"}']], // case-sensitive
    ['x{job=~"(?i)API"}', ['x{job="api"}']], // RE2's leading flag group
    ['x{job=~"(?P<j>api)-2"}', ['x{job="api-2"}']], // Go's named-group syntax
    ['{__name__=~"x|y", job="api"}', ['x{job="api"}', 'y{job="api"}']],
    ['{job="api"}', ['x{job="api"}', 'y{job="api"}']],
  ])('%s', (query, names) => {
    expect(Object.keys(vectorAt(store, query, 0)).sort()).toEqual([...names].sort());
  });
});

describe('literals and result types', () => {
  const store = storeFrom({ x: '1 2 3' });
  it('returns scalars, strings and matrices', () => {
    expect(evaluateInstant(parsePromql('1 + 2 * 3'), store, 0)).toEqual({ resultType: 'scalar', result: 7 });
    expect(evaluateInstant(parsePromql('"hi"'), store, 0)).toEqual({ resultType: 'string', result: 'hi' });
    expect(evaluateInstant(parsePromql('x[1m]'), store, 2 * MIN)).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'x' },
          values: [
            { t: MIN, v: 2 },
            { t: 2 * MIN, v: 3 },
          ],
        },
      ],
    });
  });
});
