import { describe, expect, it } from 'vitest';
import { CheckDefinitionError, checkDefinitions, parseCheckDefinitions } from '../../../src/check/definitions.js';

const SELECTIONS = `selections:
  health:
    rules: [PostgresDown]
    report: [databases]
aliases:
  metrics: health
`;
const PERFDATA = `perfdata:
  - label: connections
    expr: sum by (instance) (pg_stat_activity_count)
    unit: ''
    thresholds_times_max: true
    selections: [health]
`;

function problems(selections: string, perfdata: string): string[] {
  try {
    parseCheckDefinitions({ file: 'sel.yml', text: selections }, { file: 'perf.yml', text: perfdata });
  } catch (error) {
    if (error instanceof CheckDefinitionError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('check definitions (check/selections.yml, check/perfdata.yml)', () => {
  it('parses selections, aliases and perfdata specs', () => {
    const defs = parseCheckDefinitions({ file: 'sel.yml', text: SELECTIONS }, { file: 'perf.yml', text: PERFDATA });
    expect(defs.selections).toEqual({ health: { rules: ['PostgresDown'], report: ['databases'] } });
    expect(defs.aliases).toEqual({ metrics: 'health' });
    expect(defs.perfdata).toEqual([
      {
        label: 'connections',
        expr: 'sum by (instance) (pg_stat_activity_count)',
        unit: '',
        thresholdsTimesMax: true,
        selections: ['health'],
      },
    ]);
  });

  it.each([
    [
      'an unknown report section',
      SELECTIONS.replace('[databases]', '[databases, nope]'),
      PERFDATA,
      /^sel\.yml:4:25: selections\.health\.report\.1: /,
    ],
    [
      'an alias to nothing',
      SELECTIONS.replace('metrics: health', 'metrics: nothing'),
      PERFDATA,
      /^sel\.yml:6:12: aliases\.metrics: no selection named "nothing"$/,
    ],
    [
      'an unknown key',
      SELECTIONS.replace('    rules:', '    rulez: []\n    rules:'),
      PERFDATA,
      /^sel\.yml:3:5: selections\.health\.rulez: unknown key$/,
    ],
    [
      'bad PromQL',
      SELECTIONS,
      PERFDATA.replace('sum by (instance)', 'sum by (instance'),
      /^perf\.yml:3:11: perfdata\.0\.expr: not valid PromQL/,
    ],
    [
      'an unknown selection',
      SELECTIONS,
      PERFDATA.replace('[health]', '[disk]'),
      /^perf\.yml:6:18: perfdata\.0\.selections\.0: no selection named "disk"$/,
    ],
    ['a bad unit', SELECTIONS, PERFDATA.replace("unit: ''", 'unit: ms'), /^perf\.yml:4:11: perfdata\.0\.unit: /],
    ['a YAML syntax error', 'selections: [', PERFDATA, /^sel\.yml:1:\d+: /],
  ])('%s is a problem with file:line:col', (_what, selections, perfdata, expected) => {
    const found = problems(selections, perfdata);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it('the shipped files load', () => {
    const defs = checkDefinitions();
    expect(Object.keys(defs.selections)).toContain('connections');
    expect(defs.aliases.metrics).toBe('performance');
    expect(defs.perfdata.length).toBeGreaterThan(5);
  });
});
