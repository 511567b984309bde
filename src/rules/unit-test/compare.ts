// Comparing what a test expects with what the rules produced, and promtool's wording when they differ.
import type { Labels } from '../../collect/model.js';
import { formatDuration } from '../../config/duration.js';
import { compareLabels, goFloatE, goLabels, goQuote, indentLines } from './go-format.js';

export interface AlertView {
  readonly labels: Labels;
  readonly annotations: Labels;
}

export interface SampleView {
  readonly labels: Labels;
  readonly value: number;
}

function byLabelsThenAnnotations(a: AlertView, b: AlertView): number {
  return compareLabels(a.labels, b.labels) || compareLabels(a.annotations, b.annotations);
}

function sameLabels(a: Labels, b: Labels): boolean {
  return compareLabels(a, b) === 0;
}

/** promtool's labelsAndAnnotations.String(): `[]`, or numbered entries of Labels and Annotations. */
export function alertsString(alerts: readonly AlertView[]): string {
  if (alerts.length === 0) return '[]';
  const entries = alerts.map(
    (a, i) => `${i}:${indentLines(`\nLabels:${goLabels(a.labels)}\nAnnotations:${goLabels(a.annotations)}`, '  ')}`,
  );
  return `[\n${entries.join(',\n')}\n]`;
}

/** The failure message for one alert_rule_test item, or undefined when the firing alerts are exactly the expected. */
export function compareAlerts(
  testName: string,
  alertname: string,
  evalTimeMs: number,
  expected: readonly AlertView[],
  got: readonly AlertView[],
): string | undefined {
  const exp = [...expected].sort(byLabelsThenAnnotations);
  const act = [...got].sort(byLabelsThenAnnotations);
  const equal =
    exp.length === act.length &&
    exp.every((e, i) => {
      const g = act[i] as AlertView;
      return sameLabels(e.labels, g.labels) && sameLabels(e.annotations, g.annotations);
    });
  if (equal) return undefined;
  const name = testName ? `    name: ${testName},\n` : '';
  return (
    `${name}    alertname: ${alertname}, time: ${formatDuration(evalTimeMs)}, \n` +
    `        exp:${indentLines(alertsString(exp), '            ')}, \n` +
    `        got:${indentLines(alertsString(act), '            ')}`
  );
}

function samplesString(samples: readonly SampleView[]): string {
  if (samples.length === 0) return 'nil';
  return samples.map((s) => `${goLabels(s.labels)} ${goFloatE(s.value)}`).join(', ');
}

/** The failure message for one promql_expr_test item (values compared exactly: NaN never equals NaN, as in Go). */
export function compareSamples(
  expr: string,
  evalTimeMs: number,
  expected: readonly SampleView[],
  got: readonly SampleView[],
): string | undefined {
  const exp = [...expected].sort((a, b) => compareLabels(a.labels, b.labels));
  const act = [...got].sort((a, b) => compareLabels(a.labels, b.labels));
  const equal =
    exp.length === act.length &&
    exp.every((e, i) => {
      const g = act[i] as SampleView;
      return sameLabels(e.labels, g.labels) && e.value === g.value;
    });
  if (equal) return undefined;
  return (
    `    expr: ${goQuote(expr)}, time: ${formatDuration(evalTimeMs)},\n` +
    `        exp: ${samplesString(exp)}\n` +
    `        got: ${samplesString(act)}`
  );
}

export function exprError(expr: string, evalTimeMs: number, message: string): string {
  return `    expr: ${goQuote(expr)}, time: ${formatDuration(evalTimeMs)}, err: ${message}`;
}
