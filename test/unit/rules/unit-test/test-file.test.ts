import { describe, expect, it } from 'vitest';
import { parseUnitTestFile } from '../../../../src/rules/unit-test/test-file.js';

const GOOD = `rule_files: [a.yml, 'rules/*.yml']
evaluation_interval: 30s
group_eval_order: [first, second]
tests:
  - name: one
    interval: 15s
    external_labels: { site: x }
    external_url: http://prom
    input_series:
      - series: 'up{job="a"}'
        values: '1+1x2 _ stale'
    alert_rule_test:
      - eval_time: 1m
        alertname: Down
        exp_alerts:
          - exp_labels: { severity: critical }
            exp_annotations: { summary: &s "text" }
          - exp_annotations: { summary: *s }
    promql_expr_test:
      - expr: up
        eval_time: 2m
        exp_samples:
          - labels: 'up{job="a"}'
            value: 1.5
`;

describe('unit test file', () => {
  it('reads every field of the promtool format', () => {
    const { test, problems } = parseUnitTestFile('t.yml', GOOD);
    expect(problems).toEqual([]);
    expect(test).toEqual({
      ruleFiles: ['a.yml', 'rules/*.yml'],
      evaluationIntervalMs: 30_000,
      groupEvalOrder: ['first', 'second'],
      tests: [
        {
          name: 'one',
          intervalMs: 15_000,
          externalLabels: { site: 'x' },
          externalURL: 'http://prom',
          inputSeries: [{ labels: { __name__: 'up', job: 'a' }, values: [1, 2, 3, null, 'stale'] }],
          alertRuleTests: [
            {
              evalTimeMs: 60_000,
              alertname: 'Down',
              expAlerts: [
                { labels: { severity: 'critical' }, annotations: { summary: 'text' } },
                { labels: {}, annotations: { summary: 'text' } },
              ],
            },
          ],
          promqlExprTests: [{ expr: 'up', evalTimeMs: 120_000, expSamples: [{ labels: 'up{job="a"}', value: 1.5 }] }],
        },
      ],
    });
  });

  it('defaults evaluation_interval to 1m and interval to 0 (the evaluation interval)', () => {
    const { test } = parseUnitTestFile('t.yml', 'rule_files: []\ntests:\n  - input_series: []\n');
    expect(test?.evaluationIntervalMs).toBe(60_000);
    expect(test?.tests[0]?.intervalMs).toBe(0);
  });

  it.each([
    ['rule_files: []\nevaluation_intervall: 1m\n', 't.yml:2:1: field evaluation_intervall not found in unit test file'],
    ['tests:\n  - intervall: 1m\n', 't.yml:2:5: field intervall not found in test group'],
    [
      'tests:\n  - interval: 1 minute\n',
      't.yml:2:15: invalid duration "1 minute" for interval (use e.g. 30s, 5m, 1h30m)',
    ],
    [
      'tests:\n  - alert_rule_test:\n      - eval_time: 1m\n',
      't.yml:3:9: an item under alert_rule_test misses required attribute alertname',
    ],
    [
      "tests:\n  - input_series:\n      - series: 'up'\n        values: '1 x'\n",
      't.yml:4:17: input series: bad series values "1 x": "x" is not a number',
    ],
    ['group_eval_order: [a, a]\n', 't.yml:1:19: group name repeated in evaluation order: a'],
    ['tests: {}\n', 't.yml:1:8: tests must be a list'],
    ['- a\n', 't.yml:1:1: a unit test file must be a mapping with "rule_files" and "tests"'],
  ])('reports problems with their position: %j', (text, problem) => {
    const { test, problems } = parseUnitTestFile('t.yml', text);
    expect(test).toBeUndefined();
    expect(problems).toEqual([problem]);
  });
});
