import { describe, expect, it } from 'vitest';
import { formatValue, renderFamilies } from '../../../src/collect/exposition.js';
import { mergeFamilies } from '../../../src/collect/merge.js';
import { filterDatabases } from '../../../src/collect/collect-target.js';
import { reconnectDelayMs } from '../../../src/collect/backoff.js';
import type { MetricFamily } from '../../../src/collect/model.js';

describe('renderFamilies', () => {
  it('writes HELP, TYPE and escaped samples; skips empty families', () => {
    const families: MetricFamily[] = [
      { name: 'a', help: 'line\\one\ntwo', type: 'gauge', samples: [{ labels: { q: 'say "hi"\n\\' }, value: 1.5 }] },
      { name: 'empty', help: 'e', type: 'counter', samples: [] },
      { name: 'b', help: 'b', type: 'counter', samples: [{ labels: {}, value: NaN }] },
    ];
    expect(renderFamilies(families)).toBe(
      '# HELP a line\\\\one\\ntwo\n# TYPE a gauge\na{q="say \\"hi\\"\\n\\\\"} 1.5\n# HELP b b\n# TYPE b counter\nb NaN\n',
    );
  });
  it.each([
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
    [1e21, '1e+21'],
    [-0.25, '-0.25'],
  ])('formats %d as %s', (v, text) => {
    expect(formatValue(v)).toBe(text);
  });
});

describe('mergeFamilies', () => {
  it('joins families across collectors, drops duplicate series and conflicting types', () => {
    const result = mergeFamilies([
      {
        source: 'one',
        families: [{ name: 'x', help: 'h', type: 'gauge', samples: [{ labels: { a: '1', b: '2' }, value: 1 }] }],
      },
      {
        source: 'two',
        families: [
          {
            name: 'x',
            help: 'h',
            type: 'gauge',
            samples: [
              { labels: { b: '2', a: '1' }, value: 9 },
              { labels: { a: '3' }, value: 3 },
            ],
          },
          { name: 'x', help: 'h', type: 'counter', samples: [{ labels: {}, value: 1 }] },
        ],
      },
    ]);
    expect(result.families).toEqual([
      {
        name: 'x',
        help: 'h',
        type: 'gauge',
        samples: [
          { labels: { a: '1', b: '2' }, value: 1 },
          { labels: { a: '3' }, value: 3 },
        ],
      },
    ]);
    expect(result.dropped).toEqual([
      'two: 1 duplicate series of x dropped',
      'two: x redeclared as counter (was gauge); dropped',
    ]);
  });
});

describe('filterDatabases', () => {
  const names = ['app', 'app_test', 'postgres', 'reporting'];
  it.each([
    [[], [], names],
    [[/^app/], [], ['app', 'app_test']],
    [[], [/_test$/, /^postgres$/], ['app', 'reporting']],
    [[/^app/], [/_test$/], ['app']],
  ])('include %s exclude %s', (include, exclude, expected) => {
    expect(filterDatabases(names, { include, exclude })).toEqual(expected);
  });
});

describe('reconnectDelayMs', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [2, 2000],
    [5, 16_000],
    [6, 30_000],
    [50, 30_000],
  ])('after %d failures waits %d ms', (failures, ms) => {
    expect(reconnectDelayMs(failures)).toBe(ms);
  });
});
