import { describe, expect, it } from 'vitest';
import { expectVector, MIN, storeFrom, vectorAt } from './helpers.js';

// All series are sampled every minute starting at t=0; queries are evaluated at t=600s (10m) unless stated.
const T = 10 * MIN;

describe('rate / increase / delta extrapolation (Prometheus extrapolatedRate)', () => {
  it.each([
    {
      name: 'samples on both window edges: no extrapolation',
      // window [300s, 600s] is closed: samples 50..100 at 300..600s. increase = 50, sampled interval = window.
      values: '0+10x10',
      increase: 50,
    },
    {
      name: 'counter starting inside the window: zero-point clamp',
      // samples at 360..600s: 5 15 25 35 45. result 40; durationToStart 60s, but durationToZero = 240*5/40 = 30s,
      // so extrapolate 30s back: 40 * (240+30+0)/240 = 45.
      values: '_x6 5+10x4',
      increase: 45,
    },
    {
      name: 'first sample too far from the window start: extrapolate half an interval',
      // samples at 480,540,600: 100 110 120. durationToStart 180s >= 1.1*60s, so add 30s; zero point is 600s back.
      // 20 * (120+30+0)/120 = 25.
      values: '_x8 100+10x2',
      increase: 25,
    },
    {
      name: 'counter reset adds the value before the reset',
      // samples at 360..600: 10 20 5 15 25. 25-10 = 15, +20 for the reset = 35. durationToStart 60s < 66s;
      // durationToZero = 240*10/35 = 68.6s (not shorter). 35 * 300/240 = 43.75.
      values: '_x6 10 20 5 15 25',
      increase: 43.75,
    },
  ])('$name', ({ values, increase }) => {
    const store = storeFrom({ 'x{job="a"}': values });
    expectVector(vectorAt(store, 'increase(x[5m])', T), { '{job="a"}': increase });
    expectVector(vectorAt(store, 'rate(x[5m])', T), { '{job="a"}': increase / 300 });
  });

  it('extrapolates inside the window when samples are offset from it', () => {
    // samples every 60s at 30s, 90s, ...: window [300,600] holds 330..570s = 50..90. result 40, 30s to each edge
    // (< 66s), zero point far away: 40 * (240+30+30)/240 = 50.
    const store = storeFrom({ 'x{job="a"}': '0+10x20' }, MIN, 30_000);
    expectVector(vectorAt(store, 'increase(x[5m])', T), { '{job="a"}': 50 });
  });

  it('offset shifts the window', () => {
    // offset 5m: window [0, 300s] with samples 0..50 at 0..300s; no extrapolation needed (both edges hit).
    const store = storeFrom({ x: '0+10x10' });
    expectVector(vectorAt(store, 'increase(x[5m] offset 5m)', T), { '{}': 50 });
  });

  it('delta treats decreases as such (no reset handling) and may be negative', () => {
    // samples at 360..600: 10 8 6 4 2 → -8, extrapolated by 60s at the start: -8 * 300/240 = -10.
    const store = storeFrom({ g: '_x6 10-2x4' });
    expectVector(vectorAt(store, 'delta(g[5m])', T), { '{}': -10 });
  });

  it('needs at least two samples', () => {
    const store = storeFrom({ x: '_x10 5' });
    expectVector(vectorAt(store, 'rate(x[5m])', T), {});
    expectVector(vectorAt(store, 'delta(x[5m])', T), {});
  });

  it('ignores staleness markers inside the range', () => {
    // samples 360..600: 10 stale 30 40 50 → points 10@360 30@480 40@540 50@600. result 40, avg interval 80s,
    // durationToStart 60s < 88s; zero point 240*10/40 = 60s (not shorter). 40 * 300/240 = 50.
    const store = storeFrom({ x: '_x6 10 stale 30 40 50' });
    expectVector(vectorAt(store, 'increase(x[5m])', T), { '{}': 50 });
  });
});

describe('irate / idelta', () => {
  it.each([
    ['irate, steady', 'irate(x[5m])', '_x6 10 20 5 15 25', (25 - 15) / 60],
    ['irate, reset on the last step uses the new value', 'irate(x[5m])', '_x9 20 5', 5 / 60],
    ['idelta', 'idelta(x[5m])', '_x9 20 5', -15],
  ])('%s', (_n, query, values, expected) => {
    expectVector(vectorAt(storeFrom({ x: values }), query, T), { '{}': expected });
  });
});

describe('deriv / predict_linear', () => {
  it('deriv of a line is its slope per second', () => {
    expectVector(vectorAt(storeFrom({ x: '0+10x10' }), 'deriv(x[5m])', T), { '{}': 10 / 60 });
  });

  it('predict_linear extrapolates from the evaluation time', () => {
    // y = 100 at t=600s, slope 1/6 per second: in 60s → 110.
    expectVector(vectorAt(storeFrom({ x: '0+10x10' }), 'predict_linear(x[5m], 60)', T), { '{}': 110 });
  });

  it('deriv of a constant is 0', () => {
    expectVector(vectorAt(storeFrom({ x: '7x10' }), 'deriv(x[5m])', T), { '{}': 0 });
  });
});

describe('changes / resets', () => {
  it('counts changes, treating NaN→NaN as no change', () => {
    // window [180s,600s] (7m): 1 1 2 2 3 NaN NaN at 240..600 plus 1 at 180: changes 1→2, 2→3, 3→NaN = 3.
    const store = storeFrom({ x: '_x3 1 1 1 2 2 3 NaN NaN' });
    expectVector(vectorAt(store, 'changes(x[7m])', T), { '{}': 3 });
  });

  it('counts resets', () => {
    expectVector(vectorAt(storeFrom({ x: '_x6 10 20 5 15 3' }), 'resets(x[5m])', T), { '{}': 2 });
  });
});

describe('*_over_time', () => {
  const store = storeFrom({ 'x{job="a"}': '_x6 1 2 3 4 10' });
  it.each([
    ['avg_over_time', 4],
    ['min_over_time', 1],
    ['max_over_time', 10],
    ['sum_over_time', 20],
    ['count_over_time', 5],
  ])('%s drops the metric name', (fn, expected) => {
    expectVector(vectorAt(store, `${fn}(x[5m])`, T), { '{job="a"}': expected });
  });

  it('last_over_time keeps the metric name', () => {
    expectVector(vectorAt(store, 'last_over_time(x[5m])', T), { 'x{job="a"}': 10 });
  });

  it('max_over_time skips a leading NaN', () => {
    expectVector(vectorAt(storeFrom({ x: '_x8 NaN 3 2' }), 'max_over_time(x[5m])', T), { '{}': 3 });
  });

  it('absent_over_time reports the equality-matched labels when nothing is in range', () => {
    expectVector(vectorAt(store, 'absent_over_time(nope{job="a", env=~"p.*"}[5m])', T), { '{job="a"}': 1 });
    expectVector(vectorAt(store, 'absent_over_time(x[5m])', T), {});
    // The samples stop at 600s: 11 minutes later the 10m window is empty.
    expectVector(vectorAt(store, 'absent_over_time(x{job="a"}[10m])', T + 11 * MIN), { '{job="a"}': 1 });
  });

  it('range functions on a result with duplicate label sets fail like Prometheus', () => {
    const dup = storeFrom({ 'a{job="x"}': '1x10', 'b{job="x"}': '1x10' });
    expect(() => vectorAt(dup, 'rate({__name__=~"a|b"}[5m])', T)).toThrow(/same labelset/);
  });
});
