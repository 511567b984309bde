import { describe, expect, it } from 'vitest';
import { parseRuleFile } from '../../../../src/rules/load.js';
import { runTestGroup } from '../../../../src/rules/unit-test/run-group.js';
import { parseUnitTestFile, type UnitTestFile } from '../../../../src/rules/unit-test/test-file.js';
import { FEATURE_RULES as RULES } from '../../../support/rule-unit-tests.js';

function testFile(text: string): UnitTestFile {
  const { test, problems } = parseUnitTestFile('t.yml', text);
  expect(problems).toEqual([]);
  return test as UnitTestFile;
}

/** Runs every test group of a unit test file over RULES, as `pgwarden rules test` does. */
function run(text: string, rules = RULES): string[] {
  const { groups, problems } = parseRuleFile('rules.yml', rules);
  expect(problems).toEqual([]);
  const file = testFile(text);
  const groupOrder = new Map(file.groupEvalOrder.map((name, i) => [name, i]));
  return file.tests.flatMap((t) =>
    runTestGroup(t, groups, { evaluationIntervalMs: file.evaluationIntervalMs, groupOrder }),
  );
}

const DOWN = (at: string, alerts: string) => `rule_files: []
tests:
  - interval: 1m
    external_labels: { site: berlin }
    external_url: http://prom.example
    input_series:
      - series: 'up{instance="db1"}'
        values: '1 0 0 0 1'
    alert_rule_test:
      - eval_time: ${at}
        alertname: Down
        exp_alerts: ${alerts}
`;
const FIRING = `
          - exp_labels: { severity: critical, instance: db1, team: db1-team }
            exp_annotations: { summary: 'db1 down, value 0, site berlin http://prom.example' }`;

describe('running a test group on a simulated clock', () => {
  it('fires after `for` measured on the test clock; pending alerts are not compared', () => {
    expect(run(DOWN('2m', '[]'))).toEqual([]);
    expect(run(DOWN('3m', FIRING))).toEqual([]);
    expect(run(DOWN('4m', '[]'))).toEqual([]);
  });

  it('checks an eval_time between steps against the step before it (ts <= t < ts + interval)', () => {
    expect(run(DOWN('3m59s', FIRING))).toEqual([]);
    expect(run(DOWN('2m59s', '[]'))).toEqual([]);
  });

  it('lists an unmet expectation in promtool wording, with labels and annotations', () => {
    expect(run(DOWN('3m', '[]'))).toEqual([
      '    alertname: Down, time: 3m, \n' +
        '        exp:[], \n' +
        '        got:[\n' +
        '            0:\n' +
        '              Labels:{alertname="Down", instance="db1", severity="critical", team="db1-team"}\n' +
        '              Annotations:{summary="db1 down, value 0, site berlin http://prom.example"}\n' +
        '            ]',
    ]);
  });

  it('compares annotations exactly: leaving them out does not match an alert that has some', () => {
    const errors = run(DOWN('3m', '\n          - exp_labels: { severity: critical, instance: db1, team: db1-team }'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Annotations:{}');
  });

  it('keeps firing for keep_firing_for after the condition ends', () => {
    const test = (at: string, alerts: string) => DOWN(at, alerts).replace('alertname: Down', 'alertname: Flapping');
    const firing = '\n          - exp_labels: { instance: db1 }';
    expect(run(test('4m', firing))).toEqual([]);
    expect(run(test('5m', firing))).toEqual([]);
    expect(run(test('6m', '[]'))).toEqual([]);
  });

  it('evaluates groups in group_eval_order: a recording rule feeds a later group in the same step', () => {
    const file = (order: string, at: string, alerts: string) => `rule_files: []
group_eval_order: ${order}
tests:
  - interval: 1m
    input_series:
      - series: 'x'
        values: '0 0 6 6'
    alert_rule_test:
      - eval_time: ${at}
        alertname: Doubled
        exp_alerts: ${alerts}
`;
    const firing = "\n          - exp_annotations: { value: '12 12' }";
    expect(run(file('[first, second]', '2m', firing))).toEqual([]);
    // The other order sees the recorded value of the previous step (0) at 2m.
    expect(run(file('[second, first]', '2m', '[]'))).toEqual([]);
    expect(run(file('[second, first]', '3m', firing))).toEqual([]);
  });

  it('treats `stale` as the end of a series and `_` as a missing sample', () => {
    const file = `rule_files: []
tests:
  - interval: 1m
    input_series:
      - series: 'x'
        values: '1 stale _ 3'
    promql_expr_test:
      - expr: x
        eval_time: 1m
        exp_samples: []
      - expr: x
        eval_time: 2m
        exp_samples: []
      - expr: x
        eval_time: 3m
        exp_samples:
          - labels: 'x'
            value: 3
      - expr: count_over_time(x[3m])
        eval_time: 3m
        exp_samples:
          - labels: '{}'
            value: 2
`;
    expect(run(file)).toEqual([]);
  });

  it('compares promql_expr_test samples; a scalar is one sample without labels', () => {
    const file = `rule_files: []
tests:
  - interval: 1m
    input_series:
      - series: 'x{a="1"}'
        values: '1 2'
    promql_expr_test:
      - expr: scalar(x)
        eval_time: 1m
        exp_samples:
          - labels: '{}'
            value: 2
      - expr: x * 10
        eval_time: 1m
        exp_samples:
          - labels: '{a="2"}'
            value: 20
      - expr: x[1m]
        eval_time: 1m
`;
    expect(run(file)).toEqual([
      '    expr: "x * 10", time: 1m,\n        exp: {a="2"} 2E+01\n        got: {a="1"} 2E+01',
      '    expr: "x[1m]", time: 1m, err: rule result is not a vector or scalar',
    ]);
  });

  it('stops the group at the first evaluation error, naming the rule and the time', () => {
    const rules = `groups:
  - name: g
    rules:
      - alert: Ambiguous
        expr: x / on () y
`;
    const file = `rule_files: []
tests:
  - interval: 1m
    input_series:
      - series: 'x{a="1"}'
        values: '1x3'
      - series: 'x{a="2"}'
        values: '1x3'
      - series: 'y'
        values: '1x3'
    alert_rule_test:
      - eval_time: 2m
        alertname: Ambiguous
        exp_alerts: []
`;
    const errors = run(file, rules);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^ {4}rule: Ambiguous, time: 0s, err: .*many/);
  });

  it('accepts an exp_samples item without labels (a scalar or vector(...) result), as promtool does', () => {
    const text = (value: number) => `rule_files: []
tests:
  - input_series: []
    promql_expr_test:
      - expr: vector(1)
        eval_time: 0m
        exp_samples:
          - value: ${value}
      - expr: scalar(vector(2)) * 2
        eval_time: 0m
        exp_samples:
          - value: ${value * 4}
`;
    expect(run(text(1))).toEqual([]);
    expect(run(text(3)).length).toBe(2);
  });
});
