import { describe, expect, it } from 'vitest';
import {
  parseDefinition,
  selectDefinitions,
  sqlForVersion,
  type CollectorDefinition,
} from '../../../src/collect/definition.js';
import { rowsToFamilies, toSampleValue } from '../../../src/collect/row-mapping.js';
import { loadDefinitions } from '../../../src/collect/definition.js';
import { shippedCollectorsDir } from '../../../src/paths.js';

describe('sqlForVersion', () => {
  const queries = { '13': 'A', '14': 'B', '17': 'C' };
  it.each([
    [12, undefined],
    [13, 'A'],
    [14, 'B'],
    [16, 'B'],
    [17, 'C'],
    [18, 'C'],
  ])('major %d → %s', (major, sql) => {
    expect(sqlForVersion(queries, major)).toBe(sql);
  });
});

describe('toSampleValue', () => {
  it.each([
    [42, 42],
    ['12345678901234', 12345678901234],
    ['3.5', 3.5],
    [true, 1],
    [false, 0],
    [null, undefined],
    ['', undefined],
    ['abc', undefined],
    ['NaN', NaN],
    ['Infinity', Infinity],
  ])('%j → %s', (raw, value) => {
    expect(toSampleValue(raw)).toBe(value);
  });
});

describe('rowsToFamilies', () => {
  const def = {
    labels: ['datname'],
    metrics: [
      { column: 'n', name: 'pg_x_n', type: 'gauge' as const, help: 'N', labels: [] },
      { column: 'v', name: 'pg_settings_{name}', type: 'gauge' as const, help: 'Setting {name}', labels: [] },
      { column: 'm', name: 'pg_x_m', type: 'counter' as const, help: 'M', labels: ['mode'] },
    ],
  };
  it('maps columns to families, labels, templated names; skips NULL values', () => {
    const families = rowsToFamilies(def, [
      { datname: 'a', n: 1, v: '2', name: 'work_mem', m: 3, mode: 'x' },
      { datname: null, n: null, v: 4, name: 'log.rotation', m: 5, mode: 'y' },
    ]);
    expect(families).toEqual([
      { name: 'pg_x_n', help: 'N', type: 'gauge', samples: [{ labels: { datname: 'a' }, value: 1 }] },
      {
        name: 'pg_settings_work_mem',
        help: 'Setting work_mem',
        type: 'gauge',
        samples: [{ labels: { datname: 'a' }, value: 2 }],
      },
      {
        name: 'pg_x_m',
        help: 'M',
        type: 'counter',
        samples: [
          { labels: { datname: 'a', mode: 'x' }, value: 3 },
          { labels: { datname: '', mode: 'y' }, value: 5 },
        ],
      },
      {
        name: 'pg_settings_log_rotation',
        help: 'Setting log.rotation',
        type: 'gauge',
        samples: [{ labels: { datname: '' }, value: 4 }],
      },
    ]);
  });
});

describe('parseDefinition', () => {
  it('reports located problems, all at once', () => {
    const text = 'name: Bad-Name\nhelp: x\nscope: cluster\nqueries: {}\nmetrics: []\nextra: 1\n';
    const { definition, problems } = parseDefinition('c.yaml', text);
    expect(definition).toBeUndefined();
    expect(problems).toEqual([
      'c.yaml:1:7: name: lower-case letters, digits and _',
      'c.yaml:3:8: scope: Invalid option: expected one of "server"|"database"',
      'c.yaml:4:10: queries: at least one query',
      'c.yaml:5:10: metrics: Too small: expected array to have >=1 items',
      'c.yaml:6:1: extra: unknown key',
    ]);
  });

  it('loads every shipped definition without problems', () => {
    const { definitions, problems } = loadDefinitions([shippedCollectorsDir()]);
    expect(problems).toEqual([]);
    expect(definitions.map((d) => d.name)).toEqual(expect.arrayContaining(['database', 'settings', 'stat_database']));
  });
});

describe('selectDefinitions', () => {
  const make = (name: string, enabled: boolean) => ({ name, enabled }) as CollectorDefinition;
  const all = [make('a', true), make('b', false), make('c', true)];
  it.each([
    [[], [], ['a', 'c']],
    [['b'], [], ['a', 'b', 'c']],
    [[], ['a'], ['c']],
    [['b'], ['b'], ['a', 'c']],
  ])('enable %j disable %j → %j', (enable, disable, names) => {
    expect(selectDefinitions(all, enable, disable).map((d) => d.name)).toEqual(names);
  });
});
