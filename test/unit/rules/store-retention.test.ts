// The store under per-metric retention from real rule expressions: what a rule reads is kept exactly as long as it
// reads it, and its answer is the one an unbounded store gives.
import { describe, expect, it } from 'vitest';
import { evaluateInstant, parsePromql, SampleStore, type Expr } from '../../../src/promql/index.js';
import { metricRetention, retentionFor } from '../../../src/rules/metric-retention.js';

const MIN = 60_000;
const STEP = 15_000;
const RULES = ['x > 0', 'rate(y[1h]) > 0', 'max_over_time(z[30m:1m]) > 0'];

function storeFor(rules: readonly string[]): SampleStore {
  const table = metricRetention(
    rules.map((r) => ({ expr: parsePromql(r) })),
    2 * STEP,
  );
  return new SampleStore({ retentionMs: (name) => retentionFor(table, name) });
}

/**
 * 90 minutes of 15 s collections of x, y and z on three targets: b fails from 20 minutes on (its series end with
 * staleness markers), c's collection hangs from 87 minutes on (no samples and no markers: its newest samples still
 * count for instant selectors while they are within the 5-minute lookback).
 */
function fill(store: SampleStore, fromMs = 0, untilMs = 90 * MIN): void {
  for (let t = fromMs; t <= untilMs; t += STEP) {
    for (const instance of ['a', 'b', 'c']) {
      if (instance === 'c' && t > 87 * MIN) continue;
      const up = instance !== 'b' || t <= 20 * MIN;
      const samples = ['x', 'y', 'z'].map((name) => ({ labels: { __name__: name, instance }, value: t / 1000 }));
      store.appendScrape(instance, up ? samples : [], t);
    }
  }
}

const pointsOf = (store: SampleStore, name: string, instance = 'a') =>
  store.select(
    [
      { name: '__name__', type: '=', value: name },
      { name: 'instance', type: '=', value: instance },
    ],
    -Infinity,
    Infinity,
  )[0]?.points.length ?? 0;

const vector = (store: SampleStore, expr: Expr, t: number) => evaluateInstant(expr, store, t);

describe('SampleStore with per-metric retention from the rules', () => {
  it('trims a metric only read instantly to the lookback and keeps the [1h] one an hour', () => {
    const store = storeFor(RULES);
    fill(store);
    // x: 5 min lookback + 30 s margin = 22 steps back (and the newest); y: 60.5 min; z: 30 min subquery + 5 min.
    expect(pointsOf(store, 'x')).toBe(23);
    expect(pointsOf(store, 'y')).toBe(243);
    expect(pointsOf(store, 'z')).toBe(143);
    expect(store.retentionMsOf('x')).toBe(5.5 * MIN);
    expect(store.retentionMsOf('y')).toBe(60.5 * MIN);
  });

  it('answers every rule as an unbounded store does', () => {
    const bounded = storeFor(RULES);
    const unbounded = new SampleStore({ retentionMs: Infinity });
    fill(bounded);
    fill(unbounded);
    for (const rule of [...RULES, 'x', 'y', 'z', 'rate(y[1h])', 'max_over_time(z[30m:1m])']) {
      const expr = parsePromql(rule);
      for (const t of [90 * MIN, 90 * MIN - STEP, 90 * MIN + STEP]) {
        if (rule === 'x') expect(vector(bounded, expr, t)).toMatchObject({ result: [{}, {}] }); // a and c

        expect([rule, t, vector(bounded, expr, t)]).toEqual([rule, t, vector(unbounded, expr, t)]);
      }
    }
  });

  it('forgets the series of a stopped target once its metric’s retention has passed', () => {
    const store = storeFor(RULES);
    fill(store, 0, 30 * MIN);
    // b failed at 20m15s (its staleness markers): x's series is gone, y's and z's still hold their look-back.
    expect(pointsOf(store, 'x', 'b')).toBe(0);
    expect(pointsOf(store, 'y', 'b')).toBe(82);
    expect(pointsOf(store, 'z', 'b')).toBe(82);
    expect(store.stats().series).toBe(8);
    fill(store, 30 * MIN + STEP, 60 * MIN);
    expect(pointsOf(store, 'z', 'b')).toBe(0);
    expect(pointsOf(store, 'y', 'b')).toBe(82);
    expect(store.stats().series).toBe(7);
  });
});
