import { describe, expect, it } from 'vitest';
import { applyOverrides, overrideProblems, withOverrides } from '../../../src/collect/collector-overrides.js';
import { inlineDefinition } from '../../support/agent-parts.js';

const tables = inlineDefinition(`
name: tables
help: h
cache_seconds: 30
late_columns_cache_seconds: 60
timeout: 5s
max_series: 1000
order_by: rank_size
queries: { "13": "SELECT relname, relpages AS rank_size, 1 AS n FROM pg_class" }
labels: [relname]
metrics: [{ column: n, name: pg_t, type: gauge, help: h }]
`);
const activity = inlineDefinition(`
name: activity
help: h
queries: { "13": "SELECT 1 AS n" }
metrics: [{ column: n, name: pg_a, type: gauge, help: h }]
`);
const optIn = inlineDefinition(`
name: opt_in
help: h
enabled: false
max_series: 10
order_by: n
queries: { "13": "SELECT 1 AS n" }
metrics: [{ column: n, name: pg_o, type: gauge, help: h }]
`);

describe('withOverrides', () => {
  it.each([
    ['an empty override keeps every setting', {}, { max_series: 1000, cache_seconds: 30, timeout: 5000 }],
    ['max_series alone', { max_series: 5 }, { max_series: 5, cache_seconds: 30, timeout: 5000 }],
    ['zero is a value, not "unset"', { max_series: 0, cache_seconds: 0 }, { max_series: 0, cache_seconds: 0 }],
    [
      'all three',
      { max_series: 5000, cache_seconds: 60, timeout: 2000 },
      { max_series: 5000, cache_seconds: 60, timeout: 2000 },
    ],
    [
      'late_columns_cache_seconds (0: sizes every collection)',
      { late_columns_cache_seconds: 0 },
      { max_series: 1000, late_columns_cache_seconds: 0 },
    ],
  ] as const)('%s', (_label, override, expected) => {
    expect(withOverrides(tables, override)).toMatchObject({ ...expected, name: 'tables', order_by: 'rank_size' });
  });

  it('gives a definition without a timeout one, in milliseconds like its own', () => {
    expect(activity.timeout).toBeUndefined();
    expect(withOverrides(activity, { timeout: 2000 }).timeout).toBe(2000);
  });

  it('does not change the definition it is given', () => {
    withOverrides(tables, { max_series: 5 });
    expect(tables.max_series).toBe(1000);
  });
});

describe('overrideProblems', () => {
  const definitions = [tables, activity, optIn];
  it.each([
    ['no overrides', {}, []],
    ['known collectors', { tables: { max_series: 5 }, activity: { cache_seconds: 60, timeout: 2000 } }, []],
    ['a disabled collector', { opt_in: { max_series: 50 } }, []],
    [
      'an unknown name',
      { nope: { cache_seconds: 1 } },
      [
        {
          path: ['collectors', 'overrides', 'nope'],
          message: 'no collector named "nope" (shipped or in collectors.directories)',
        },
      ],
    ],
    [
      'max_series without order_by',
      { activity: { max_series: 5 } },
      [
        {
          path: ['collectors', 'overrides', 'activity', 'max_series'],
          message: 'collector activity has no order_by to rank its rows by, so it cannot take max_series',
        },
      ],
    ],
    [
      'a name from Object.prototype',
      { constructor: {} },
      [expect.objectContaining({ message: expect.stringContaining('"constructor"') })],
    ],
  ] as const)('%s', (_label, overrides, expected) => {
    expect(overrideProblems(definitions, overrides)).toEqual(expected);
  });
});

describe('applyOverrides', () => {
  it('applies the overrides that can apply and leaves the rejected ones out entirely', () => {
    const { definitions, problems } = applyOverrides([tables, activity, optIn], {
      tables: { max_series: 5 },
      activity: { max_series: 5, cache_seconds: 60 },
      opt_in: { timeout: 1000 },
      gone: { max_series: 1 },
    });
    expect(definitions.map((d) => [d.name, d.max_series, d.cache_seconds, d.timeout])).toEqual([
      ['tables', 5, 30, 5000],
      ['activity', undefined, 0, undefined],
      ['opt_in', 10, 0, 1000],
    ]);
    expect(problems.map((p) => p.path.join('.'))).toEqual([
      'collectors.overrides.activity.max_series',
      'collectors.overrides.gone',
    ]);
  });

  it('returns the very definitions when there is nothing to override', () => {
    const { definitions } = applyOverrides([tables, activity], {});
    expect(definitions[0]).toBe(tables);
    expect(definitions[1]).toBe(activity);
  });
});
