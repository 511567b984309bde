import { describe, expect, it } from 'vitest';
import { lookbackNeededMs, parsePromql, selectorLookbacks } from '../../../src/promql/index.js';
import { longestRetention, metricRetention, retentionFor } from '../../../src/rules/metric-retention.js';

const MIN = 60_000;
const MARGIN = 30_000; // two 15 s collections

describe('selectorLookbacks', () => {
  it.each([
    ['up', [['up', 5 * MIN]]],
    ['rate(x[10m])', [['x', 10 * MIN]]],
    [
      'rate(x[10m] offset 1h) + y offset 5m',
      [
        ['x', 70 * MIN],
        ['y', 10 * MIN],
      ],
    ],
    ['x offset -5m', [['x', 5 * MIN]]],
    ['max_over_time(x[1h:1m])', [['x', 65 * MIN]]],
    ['max_over_time(rate(x[5m])[30m:1m] offset 10m)', [['x', 45 * MIN]]],
    [
      'sum by (a) (x) / on (a) count_over_time(y[2m])',
      [
        ['x', 5 * MIN],
        ['y', 2 * MIN],
      ],
    ],
    ['1 + time()', []],
  ])('%s', (query, expected) => {
    const got = selectorLookbacks(parsePromql(query)).map((s) => [s.name.kind === 'name' ? s.name.name : '?', s.ms]);
    expect(got).toEqual(expected);
  });

  it.each([
    ['up', 5 * MIN],
    ['rate(x[10m])', 10 * MIN],
    ['rate(x[10m] offset 1h) + y offset 5m', 70 * MIN],
    ['max_over_time(x[1d])', 24 * 60 * MIN],
    ['1 + 1', 5 * MIN],
  ])('lookbackNeededMs(%s) = %i', (query, ms) => {
    expect(lookbackNeededMs(parsePromql(query))).toBe(ms);
  });
});

describe('metricRetention: rules → each metric’s retention', () => {
  const table = (exprs: string[], offsetMs = 0) =>
    metricRetention(
      exprs.map((e) => ({ expr: parsePromql(e), offsetMs })),
      MARGIN,
    );

  it.each([
    // A metric read instantly keeps the lookback delta; one read by [1h] keeps the hour; margin on both.
    [['x > 0', 'rate(y[1h]) > 0'], { x: 5.5 * MIN, y: 60.5 * MIN, unread: 5.5 * MIN }],
    // The longest reader wins, whichever rule it is in.
    [['x > 0', 'increase(x[30m]) > 1', 'changes(x[10m]) > 0'], { x: 30.5 * MIN }],
    // Offsets and subqueries add to the range.
    [['delta(x[10m] offset 20m) > 0', 'max_over_time(y[1h:5m]) > 0'], { x: 30.5 * MIN, y: 65.5 * MIN }],
    // A __name__ regex gives its look-back to the names it matches, not to others.
    [
      ['max_over_time({__name__=~"pg_stat_user_tables_last_(auto)?vacuum"}[2h]) > 0'],
      { pg_stat_user_tables_last_vacuum: 120.5 * MIN, pg_stat_user_tables_last_autovacuum: 120.5 * MIN, x: 5.5 * MIN },
    ],
    // A selector without a metric name can read every metric: all keep its look-back.
    [['rate({job="pgwarden"}[20m]) > 0', 'rate(y[1h]) > 0'], { x: 20.5 * MIN, y: 60.5 * MIN }],
    // Metrics no rule reads (recorded series, ALERTS) keep what an instant query needs.
    [[], { ALERTS: 5.5 * MIN }],
  ] as const)('%j', (exprs, expected) => {
    const t = table([...exprs]);
    for (const [name, ms] of Object.entries(expected)) expect([name, retentionFor(t, name)]).toEqual([name, ms]);
  });

  it('adds the reader’s offset (a group’s query_offset)', () => {
    const t = table(['rate(y[5m]) > 0'], 2 * MIN);
    expect(retentionFor(t, 'y')).toBe(7.5 * MIN);
  });

  it('names the longest retention of the table', () => {
    expect(longestRetention(table(['x > 0', 'rate(y[1h]) > 0']))).toBe(60.5 * MIN);
    expect(longestRetention(table([]))).toBe(5.5 * MIN);
  });
});
