// What the rule engine exposes on /metrics: ALERTS / ALERTS_FOR_STATE (as Prometheus writes them) and self-metrics.
import { familyOf, type MetricFamily, type Sample } from '../collect/model.js';
import { AlertingRule } from './alerting-rule.js';
import type { RuleGroup } from './group.js';

export interface ReloadStatus {
  successful: boolean;
  lastSuccessMs: number | undefined;
}

export function ruleMetricFamilies(groups: readonly RuleGroup[], reload: ReloadStatus): MetricFamily[] {
  const alerts: Sample[] = [];
  const forState: Sample[] = [];
  const evaluations: Sample[] = [];
  const failures: Sample[] = [];
  const durations: Sample[] = [];
  for (const group of groups) {
    // Prometheus's rule_group label: "<file>;<group name>".
    const labels = { rule_group: `${group.def.file};${group.def.name}` };
    evaluations.push({ labels, value: group.evaluations });
    failures.push({ labels, value: group.failures });
    durations.push({ labels, value: group.evaluationTimeMs / 1000 });
    for (const rule of group.rules) {
      if (!(rule instanceof AlertingRule)) continue;
      for (const series of rule.alertSeries()) {
        const { __name__: name, ...rest } = series.labels;
        (name === 'ALERTS' ? alerts : forState).push({ labels: rest, value: series.value });
      }
    }
  }
  return [
    familyOf('ALERTS', 'gauge', 'Pending and firing alerts (alertstate), as Prometheus records them.', alerts),
    familyOf('ALERTS_FOR_STATE', 'gauge', 'When each pending or firing alert became active (unix seconds).', forState),
    familyOf('pgwarden_rule_evaluations_total', 'counter', 'Rule evaluations, per rule group.', evaluations),
    familyOf(
      'pgwarden_rule_evaluation_failures_total',
      'counter',
      'Rule evaluations that failed, per rule group.',
      failures,
    ),
    familyOf(
      'pgwarden_rule_group_last_duration_seconds',
      'gauge',
      'Time the last evaluation of each rule group spent evaluating (its rules run one per event-loop turn; the pauses between them are not counted).',
      durations,
    ),
    familyOf(
      'pgwarden_rules_last_reload_successful',
      'gauge',
      'Whether the last rule reload succeeded (1) or kept the previous rules (0).',
      [{ labels: {}, value: reload.successful ? 1 : 0 }],
    ),
    familyOf(
      'pgwarden_rules_last_reload_success_timestamp_seconds',
      'gauge',
      'When the rules were last loaded successfully.',
      [{ labels: {}, value: reload.lastSuccessMs === undefined ? 0 : reload.lastSuccessMs / 1000 }],
    ),
  ];
}
