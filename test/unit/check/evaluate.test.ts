import { describe, expect, it } from 'vitest';
import {
  anyNeedsTwoSamples,
  checksFromRules,
  evaluateOnce,
  prepareRules,
  skippedNote,
} from '../../../src/check/evaluate.js';
import { toNagios } from '../../../src/check/report.js';
import { SampleStore } from '../../../src/promql/index.js';
import { parseRuleFile } from '../../../src/rules/load.js';

const RULES = `
groups:
  - name: g
    rules:
      - record: idle:max
        expr: max by (instance) (idle_seconds)
      - alert: Idle
        expr: "idle:max > 300"
        for: 10m
        labels: { severity: warning }
        annotations: { summary: 'idle for {{ $value }}s on {{ $labels.instance }}' }
      - alert: Idle
        expr: "idle:max > 900"
        for: 10m
        labels: { severity: critical }
        annotations: { summary: 'idle for {{ $value }}s on {{ $labels.instance }}' }
      - alert: Deadlocks
        expr: increase(deadlocks[5m]) > 0
        labels: { severity: critical }
        annotations: { summary: 'deadlocks' }
      - alert: Broken
        expr: a + on () b
        labels: { severity: warning }
`;
const { groups } = parseRuleFile('rules.yml', RULES);

function store(): SampleStore {
  const s = new SampleStore({ retentionMs: 3_600_000 });
  const put = (labels: Record<string, string>, t: number, v: number) => s.append(labels, t, v);
  put({ __name__: 'idle_seconds', instance: 'db1', datname: 'app' }, 10_000, 400);
  put({ __name__: 'idle_seconds', instance: 'db2', datname: 'app' }, 10_000, 1000);
  put({ __name__: 'deadlocks', instance: 'db1' }, 5_000, 1);
  put({ __name__: 'deadlocks', instance: 'db1' }, 10_000, 3);
  for (const k of ['1', '2']) {
    put({ __name__: 'a', k }, 10_000, 1);
    put({ __name__: 'b', k }, 10_000, 1);
  }
  return s;
}

describe('prepareRules', () => {
  it('keeps recording rules, selects alerting rules by name, zeroes for', () => {
    const prepared = prepareRules(groups, new Set(['Idle', 'Nope']), true);
    const rules = prepared.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => [r.kind, r.name, r.forMs])).toEqual([
      ['record', 'idle:max', 0],
      ['alert', 'Idle', 0],
      ['alert', 'Idle', 0],
    ]);
    expect(prepared.unknownNames).toEqual(['Nope']);
    expect(prepared.skipped).toEqual([]);
  });

  it('with one sample, skips the rules that need a rate and says so', () => {
    const prepared = prepareRules(groups, undefined, false);
    expect(prepared.skipped.map((r) => r.name)).toEqual(['Deadlocks']);
    expect(skippedNote(prepared.skipped)).toBe('not evaluated (they need two samples; --interval is 0): Deadlocks');
    expect(anyNeedsTwoSamples(groups, new Set(['Idle']))).toBe(false);
    expect(anyNeedsTwoSamples(groups)).toBe(true);
  });
});

describe('evaluateOnce + checksFromRules', () => {
  it("fires at once whatever the rule's for, one check per alert, UNKNOWN for a failing rule", () => {
    const rules = evaluateOnce(prepareRules(groups, undefined, true).groups, store(), 10_000);
    const checks = checksFromRules(rules);
    expect(checks.map((c) => [c.name, c.state, c.labels.instance ?? '', c.summary])).toEqual([
      ['Idle', 'WARNING', 'db1', 'idle for 400s on db1'],
      ['Idle', 'WARNING', 'db2', 'idle for 1000s on db2'],
      ['Idle', 'CRITICAL', 'db2', 'idle for 1000s on db2'],
      ['Deadlocks', 'CRITICAL', 'db1', 'deadlocks'],
      ['Broken', 'UNKNOWN', '', expect.stringMatching(/^Broken: .*many/)],
    ]);
    const verdict = toNagios(checks);
    expect(verdict.state).toBe('CRITICAL');
    expect(verdict.longOutput).toEqual([
      'CRITICAL: idle for 1000s on db2',
      'CRITICAL: deadlocks',
      'WARNING: idle for 400s on db1',
      expect.stringMatching(/^UNKNOWN: Broken: /),
    ]);
  });

  it("keeps only one target's alerts; a rule without any is one OK check", () => {
    const rules = evaluateOnce(prepareRules(groups, new Set(['Idle']), true).groups, store(), 10_000);
    const checks = checksFromRules(rules, 'db1');
    expect(checks.map((c) => [c.name, c.severity, c.state])).toEqual([
      ['Idle', 'warning', 'WARNING'],
      ['Idle', 'critical', 'OK'],
    ]);
  });

  it('pending alerts of a running manager are not problems yet', () => {
    const [first] = groups;
    const rules = evaluateOnce([{ ...first!, rules: first!.rules.slice(0, 2) }], store(), 10_000);
    expect(checksFromRules(rules).map((c) => c.state)).toEqual(['OK']);
  });
});
