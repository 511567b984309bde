import { describe, expect, it } from 'vitest';
import { formatValue, renderFamilies, renderFamiliesToBuffer } from '../../../src/collect/exposition.js';
import { mergeFamilies } from '../../../src/collect/merge.js';
import { filterDatabases, visitOrder } from '../../../src/collect/collect-target.js';
import { reconnectDelayMs } from '../../../src/collect/backoff.js';
import type { MetricFamily } from '../../../src/collect/model.js';

describe('renderFamilies', () => {
  it('writes HELP, TYPE and escaped samples; skips empty families', () => {
    const families: MetricFamily[] = [
      { name: 'a', help: 'line\\one\ntwo', type: 'gauge', samples: [{ labels: { q: 'say "hi"\n\\' }, value: 1.5 }] },
      { name: 'empty', help: 'e', type: 'counter', samples: [] },
      { name: 'b', help: 'b', type: 'counter', samples: [{ labels: {}, value: NaN }] },
    ];
    const expected =
      '# HELP a line\\\\one\\ntwo\n# TYPE a gauge\na{q="say \\"hi\\"\\n\\\\"} 1.5\n# HELP b b\n# TYPE b counter\nb NaN\n';
    expect(renderFamilies(families)).toBe(expected);
    expect(renderFamiliesToBuffer(families).toString()).toBe(expected);
  });
  it('renders samples sharing one label set object, and multi-byte values in the right number of bytes', () => {
    const row = { relname: 'tä"ble' };
    const families: MetricFamily[] = [
      { name: 'a', help: 'h', type: 'gauge', samples: [{ labels: row, value: 1 }] },
      { name: 'b', help: 'h', type: 'gauge', samples: [{ labels: row, value: 2 }] },
    ];
    const text =
      '# HELP a h\n# TYPE a gauge\na{relname="tä\\"ble"} 1\n# HELP b h\n# TYPE b gauge\nb{relname="tä\\"ble"} 2\n';
    const body = renderFamiliesToBuffer(families);
    expect(body.toString()).toBe(text);
    expect(body.length).toBe(Buffer.byteLength(text));
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

describe('visitOrder', () => {
  it.each<[string[], string[], string[]]>([
    [['a', 'b', 'c'], [], ['a', 'b', 'c']],
    [['a', 'b', 'c'], ['c'], ['c', 'a', 'b']],
    [['a', 'b', 'c'], ['a'], ['a', 'b', 'c']],
    [
      ['a', 'b', 'c', 'd'],
      ['d', 'b'],
      ['b', 'd', 'a', 'c'],
    ],
    [['a', 'b'], ['gone'], ['a', 'b']],
    [[], ['c'], []],
  ])('%j with %j kept open', (names, warm, expected) => {
    expect(visitOrder(names, warm)).toEqual(expected);
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

describe('mergeFamilies: which samples of one family are the same series', () => {
  const label = (l: Record<string, string>) => JSON.stringify(l);
  it.each<[string, Array<Record<string, string>>, number]>([
    [
      'same names in another order',
      [
        { a: '1', b: '2' },
        { b: '2', a: '1' },
      ],
      1,
    ],
    ['a label more', [{ a: '1' }, { a: '1', b: 'x' }], 2],
    ['a label fewer', [{ a: '1', b: 'x' }, { a: '1' }], 2],
    [
      'as many labels, another name',
      [
        { a: '1', b: '2' },
        { a: '1', c: '2' },
      ],
      2,
    ],
    ['names back to the first set', [{ a: '1', b: '2' }, { c: '1' }, { b: '2', a: '1' }], 2],
  ])('%s', (_, labelSets, kept) => {
    const samples = labelSets.map((labels, i) => ({ labels, value: i }));
    const { families } = mergeFamilies([{ source: 's', families: [{ name: 'x', help: 'h', type: 'gauge', samples }] }]);
    expect(families[0]?.samples.map((s) => label(s.labels))).toEqual(labelSets.slice(0, kept).map(label));
  });
});

describe('mergeFamilies: label objects shared by a row across families', () => {
  it('keeps one sample per family for a shared object, and drops the same object repeated within a family', () => {
    const row = { relname: 't1' };
    const other = { relname: 't2' };
    const family = (name: string, labels: Array<Record<string, string>>): MetricFamily => ({
      name,
      help: 'h',
      type: 'gauge',
      samples: labels.map((l, i) => ({ labels: l, value: i })),
    });
    const { families, dropped } = mergeFamilies([
      { source: 'db1', families: [family('a', [row, other]), family('b', [row, row])] },
      { source: 'db2', families: [family('a', [{ relname: 't1' }]), family('b', [other])] },
    ]);
    expect(families.map((f) => [f.name, f.samples.map((s) => `${s.labels.relname}=${s.value}`)])).toEqual([
      ['a', ['t1=0', 't2=1']],
      ['b', ['t1=0', 't2=0']],
    ]);
    expect(dropped).toEqual(['db1: 1 duplicate series of b dropped', 'db2: 1 duplicate series of a dropped']);
  });
});
