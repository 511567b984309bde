import { describe, expect, it } from 'vitest';
import { formatPerfdata } from '../../../src/check/perfdata.js';
import { perfdataSpecs, type PerfSpec } from '../../../src/check/perfdata-spec.js';
import { fillLabel, perfdataValues, specsFor } from '../../../src/check/perfdata-values.js';
import { SampleStore } from '../../../src/promql/index.js';
import { parseRuleFile } from '../../../src/rules/load.js';

const RULES = `
groups:
  - name: g
    rules:
      - alert: Conn
        expr: sum by (instance) (conn) / on (instance) max_conn > 0.8
        labels: { severity: warning }
      - alert: Conn
        expr: sum by (instance) (conn) / on (instance) max_conn > 0.9
        labels: { severity: critical }
      - alert: Hit
        expr: hit < 0.9 and on () vector(1) > 0
        labels: { severity: warning }
      - alert: Hit
        expr: hit <= 0.8
        labels: { severity: critical }
`;
const rules = parseRuleFile('rules.yml', RULES).groups.flatMap((g) => g.rules);

const SPECS: PerfSpec[] = [
  {
    label: 'connections',
    expr: 'sum by (instance) (conn)',
    unit: '',
    rule: 'Conn',
    min: 0,
    max: 'max_conn',
    thresholdsTimesMax: true,
    selections: ['connections'],
  },
  {
    label: 'hit {datname}',
    expr: 'hit',
    unit: '%',
    rule: 'Hit',
    factor: 100,
    min: 0,
    max: 100,
    selections: ['health'],
  },
];

function store(): SampleStore {
  const s = new SampleStore({ retentionMs: 3_600_000 });
  for (const instance of ['db1', 'db2']) {
    s.append({ __name__: 'conn', instance, state: 'idle' }, 1000, 10);
    s.append({ __name__: 'conn', instance, state: 'active' }, 1000, 5);
    s.append({ __name__: 'max_conn', instance }, 1000, 100);
  }
  s.append({ __name__: 'hit', instance: 'db1', datname: "it's" }, 1000, 0.953);
  return s;
}

describe('perfdataValues', () => {
  it('draws thresholds from the rules, scaled by max or factor, with exact Nagios ranges', () => {
    const values = perfdataValues(SPECS, { store: store(), timeMs: 1000, rules, instance: 'db1' });
    expect(formatPerfdata(values)).toBe("connections=15;80;90;0;100 'hit it''s'=95.3%;90:;@~:80;0;100");
  });

  it('prefixes labels with the target when several are in one answer', () => {
    const values = perfdataValues(SPECS.slice(0, 1), { store: store(), timeMs: 1000, rules, prefixInstance: true });
    expect(values.map((v) => v.label)).toEqual(['db1:connections', 'db2:connections']);
  });

  it('leaves thresholds out when the rule is missing or has no threshold shape', () => {
    const values = perfdataValues(SPECS, { store: store(), timeMs: 1000, rules: [], instance: 'db1' });
    expect(formatPerfdata(values)).toBe("connections=15;;;0;100 'hit it''s'=95.3%;;;0;100");
  });
});

describe('specsFor / fillLabel', () => {
  it('reports everything without a selection, else the selected specs and those of named rules', () => {
    expect(specsFor(perfdataSpecs(), [], [])).toHaveLength(perfdataSpecs().length);
    expect(specsFor(perfdataSpecs(), ['locks'], []).map((s) => s.label)).toEqual([
      'longest_transaction',
      'waiting_sessions',
      'lock_wait',
    ]);
    expect(specsFor(perfdataSpecs(), [], ['PostgresBackupStale']).map((s) => s.label)).toEqual([
      'backup_age_{database}',
    ]);
  });

  it('fills label templates from series labels', () => {
    expect(fillLabel('db_size_{datname}', { datname: 'app' })).toBe('db_size_app');
  });
});
