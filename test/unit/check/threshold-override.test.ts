import { describe, expect, it } from 'vitest';
import { findThreshold } from '../../../src/check/rule-expr.js';
import { overrideThresholds, OverrideError } from '../../../src/check/threshold-override.js';
import { parseRuleFile } from '../../../src/rules/load.js';

const RULES = `
groups:
  - name: g
    rules:
      - alert: Conn
        expr: x / y > 0.8
        labels: { severity: warning }
      - alert: Conn
        expr: x / y > 0.9
        labels: { severity: critical }
      - alert: Lock
        expr: lock > 300 and up == 1
        labels: { severity: warning }
      - alert: Shapeless
        expr: absent(up)
        labels: { severity: critical }
      - record: r
        expr: sum(x)
`;
const groups = parseRuleFile('rules.yml', RULES).groups;

function thresholds(rule: string, warning?: number, critical?: number) {
  return overrideThresholds(groups, { rule, warning, critical })
    .flatMap((g) => g.rules)
    .filter((r) => r.name === rule)
    .map((r) => [r.labels.severity, findThreshold(r.expr)?.value]);
}

describe('overrideThresholds', () => {
  it('rewrites the variant of each given severity and leaves the others', () => {
    expect(thresholds('Conn', 0.5)).toEqual([
      ['warning', 0.5],
      ['critical', 0.9],
    ]);
    expect(thresholds('Conn', 0.1, 0.2)).toEqual([
      ['warning', 0.1],
      ['critical', 0.2],
    ]);
  });

  it('derives a missing severity from the rule that exists (--critical on a warning-only rule)', () => {
    expect(thresholds('Lock', undefined, 600)).toEqual([
      ['warning', 300],
      ['critical', 600],
    ]);
  });

  it('keeps the guard of an "and" shape and the other rules', () => {
    const all = overrideThresholds(groups, { rule: 'Lock', warning: 1 }).flatMap((g) => g.rules);
    expect(all.map((r) => r.name)).toEqual(['Conn', 'Conn', 'Lock', 'Shapeless', 'r']);
  });

  it('refuses unknown rules and expressions without a threshold', () => {
    expect(() => overrideThresholds(groups, { rule: 'Nope', warning: 1 })).toThrow(OverrideError);
    expect(() => overrideThresholds(groups, { rule: 'Shapeless', critical: 1 })).toThrow(/no threshold to override/);
  });
});
