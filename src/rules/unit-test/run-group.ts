// Runs one test group as `promtool test rules` does: a simulated clock from 0 to the latest eval_time in steps of
// evaluation_interval; at each step the input samples up to it are loaded and every rule group is evaluated (in
// group_eval_order) at that time; an alert_rule_test at eval_time t is checked against the evaluation at the step
// ts with ts <= t < ts + evaluation_interval, comparing the firing alerts only; promql_expr_tests run at the end.
import { evaluateInstant, parseSeriesLabels, PromqlError, SampleStore, parsePromql } from '../../promql/index.js';
import { AlertingRule } from '../alerting-rule.js';
import type { RuleGroupDefinition } from '../definitions.js';
import { RuleGroup } from '../group.js';
import { compareAlerts, compareSamples, exprError, type AlertView, type SampleView } from './compare.js';
import { goDuration } from './go-format.js';
import { SeriesLoader } from './series-loader.js';
import type { AlertTestCase, TestGroup } from './test-file.js';

export interface GroupRunSettings {
  readonly evaluationIntervalMs: number;
  /** Group name → position; groups not named sort as position 0 (promtool's partial order). */
  readonly groupOrder: ReadonlyMap<string, number>;
}

/** Prometheus's --rules.alert.resend-delay; it only affects notifications, which a unit test does not send. */
const RESEND_DELAY_MS = 60_000;

export function orderGroups(
  definitions: readonly RuleGroupDefinition[],
  order: ReadonlyMap<string, number>,
): RuleGroupDefinition[] {
  return [...definitions].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
}

/** Runs the group's tests; returns promtool-style failure messages (empty when everything matched). */
export function runTestGroup(
  test: TestGroup,
  definitions: readonly RuleGroupDefinition[],
  settings: GroupRunSettings,
): string[] {
  const step = settings.evaluationIntervalMs;
  const intervalMs = test.intervalMs || step;
  const store = new SampleStore({ retentionMs: Number.POSITIVE_INFINITY });
  const loader = new SeriesLoader(test.inputSeries, intervalMs);
  const groups = orderGroups(definitions, settings.groupOrder).map((d) => new RuleGroup(d, d.intervalMs || intervalMs));
  const context = {
    store,
    resendDelayMs: RESEND_DELAY_MS,
    externalLabels: test.externalLabels,
    externalURL: test.externalURL,
  };

  const alertTimes = [...new Set(test.alertRuleTests.map((t) => t.evalTimeMs))].sort((a, b) => a - b);
  const maxT = Math.max(0, ...alertTimes, ...test.promqlExprTests.map((t) => t.evalTimeMs));
  const errors: string[] = [];
  let next = 0;
  for (let ts = 0; ts <= maxT; ts += step) {
    loader.appendTill(store, ts);
    const evalErrors: string[] = [];
    for (const group of groups) {
      group.evaluate(ts, context);
      for (const rule of group.rules)
        if (rule.health.health === 'err')
          evalErrors.push(`    rule: ${rule.def.name}, time: ${goDuration(ts)}, err: ${rule.health.lastError}`);
    }
    // An evaluation error ends the group's test: later expectations would only repeat it.
    if (evalErrors.length > 0) return [...errors, ...evalErrors];
    for (
      ;
      next < alertTimes.length && ts <= (alertTimes[next] as number) && (alertTimes[next] as number) < ts + step;
      next++
    ) {
      const t = alertTimes[next] as number;
      const cases = test.alertRuleTests.filter((c) => c.evalTimeMs === t);
      errors.push(...checkAlerts(test.name, cases, groups));
    }
  }
  for (const c of test.promqlExprTests) {
    const failure = checkExpression(c.expr, c.evalTimeMs, c.expSamples, store, step);
    if (failure) errors.push(failure);
  }
  return errors;
}

function checkAlerts(testName: string, cases: readonly AlertTestCase[], groups: readonly RuleGroup[]): string[] {
  const firing = (alertname: string): AlertView[] =>
    groups
      .flatMap((g) => g.rules)
      .filter((r): r is AlertingRule => r instanceof AlertingRule && r.def.name === alertname)
      .flatMap((r) => r.activeAlerts().filter((a) => a.state === 'firing'))
      .map((a) => ({ labels: a.labels, annotations: a.annotations }));
  return cases.flatMap((c) => {
    const expected = c.expAlerts.map((e) => ({
      labels: { ...e.labels, alertname: c.alertname },
      annotations: e.annotations,
    }));
    return compareAlerts(testName, c.alertname, c.evalTimeMs, expected, firing(c.alertname)) ?? [];
  });
}

function checkExpression(
  expr: string,
  evalTimeMs: number,
  expSamples: readonly { labels: string; value: number }[],
  store: SampleStore,
  evaluationIntervalMs: number,
): string | undefined {
  let got: SampleView[];
  try {
    // promtool sets the step of subqueries written without one to the file's evaluation_interval.
    const result = evaluateInstant(parsePromql(expr), store, evalTimeMs, {
      defaultSubqueryStepMs: evaluationIntervalMs,
    });
    if (result.resultType === 'vector') got = result.result.map((s) => ({ labels: s.metric, value: s.value }));
    else if (result.resultType === 'scalar') got = [{ labels: {}, value: result.result }];
    else return exprError(expr, evalTimeMs, 'rule result is not a vector or scalar');
  } catch (error) {
    return exprError(expr, evalTimeMs, (error as Error).message);
  }
  const expected: SampleView[] = [];
  for (const s of expSamples) {
    try {
      // promtool accepts an item without labels: the sample of a scalar result or of vector(…) has none.
      expected.push({ labels: s.labels.trim() === '' ? {} : parseSeriesLabels(s.labels), value: s.value });
    } catch (error) {
      if (!(error instanceof PromqlError)) throw error;
      return exprError(expr, evalTimeMs, `labels ${JSON.stringify(s.labels)}: ${error.message}`);
    }
  }
  return compareSamples(expr, evalTimeMs, expected, got);
}
