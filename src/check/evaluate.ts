// Evaluating rules for a check: once, with `for` ignored (Nagios's max_check_attempts does that job), or from a
// running rule manager's alert states (which honour `for`); either way the outcome is a list of Checks.
import type { SampleStore } from '../promql/index.js';
import { AlertingRule, RuleGroup, type RuleDefinition, type RuleGroupDefinition } from '../rules/index.js';
import type { Check } from './report.js';
import { needsTwoSamples } from './rule-expr.js';
import { stateOfSeverity } from './state.js';

export interface PreparedRules {
  /** Groups with the selected alerting rules (for: 0) and every recording rule (later rules may read them). */
  readonly groups: RuleGroupDefinition[];
  /** Selected alerting rules that need two samples when the run takes only one. */
  readonly skipped: RuleDefinition[];
  /** Selected names no alerting rule has. */
  readonly unknownNames: string[];
}

/** Pure: which rules a one-shot run evaluates. */
export function prepareRules(
  groups: readonly RuleGroupDefinition[],
  selected: ReadonlySet<string> | undefined,
  twoSamples: boolean,
): PreparedRules {
  const skipped: RuleDefinition[] = [];
  const seen = new Set<string>();
  const prepared = groups.map((group) => ({
    ...group,
    rules: group.rules.flatMap((rule): RuleDefinition[] => {
      if (rule.kind === 'record') return [rule];
      seen.add(rule.name);
      if (selected && !selected.has(rule.name)) return [];
      if (!twoSamples && needsTwoSamples(rule.expr)) {
        skipped.push(rule);
        return [];
      }
      return [{ ...rule, forMs: 0, keepFiringForMs: 0 }];
    }),
  }));
  return { groups: prepared, skipped, unknownNames: [...(selected ?? [])].filter((n) => !seen.has(n)) };
}

/** Whether any selected alerting rule needs a rate over two samples. */
export function anyNeedsTwoSamples(groups: readonly RuleGroupDefinition[], selected?: ReadonlySet<string>): boolean {
  return groups.some((g) =>
    g.rules.some((r) => r.kind === 'alert' && (!selected || selected.has(r.name)) && needsTwoSamples(r.expr)),
  );
}

/** Evaluates every group once at `timeMs` and returns its alerting rules with their fresh states. */
export function evaluateOnce(
  groups: readonly RuleGroupDefinition[],
  store: SampleStore,
  timeMs: number,
): AlertingRule[] {
  const context = { store, resendDelayMs: 0, externalLabels: {}, externalURL: '' };
  return groups.flatMap((def) => {
    const group = new RuleGroup(def, def.intervalMs ?? 0);
    group.evaluate(timeMs, context);
    return group.rules.filter((r): r is AlertingRule => r instanceof AlertingRule);
  });
}

/**
 * One Check per firing alert, one OK Check per rule without any, one UNKNOWN Check per rule whose evaluation failed.
 * `instance` keeps only the alerts of one target; pending alerts (still within `for`) are not problems yet.
 */
export function checksFromRules(rules: readonly AlertingRule[], instance?: string): Check[] {
  return rules.flatMap((rule): Check[] => {
    const severity = rule.def.labels.severity;
    if (rule.health.health === 'err') {
      return [
        {
          name: rule.def.name,
          state: 'UNKNOWN',
          severity,
          labels: {},
          summary: `${rule.def.name}: ${rule.health.lastError}`,
        },
      ];
    }
    const firing = rule
      .activeAlerts()
      .filter((a) => a.state === 'firing' && (instance === undefined || a.labels.instance === instance));
    if (firing.length === 0) return [{ name: rule.def.name, state: 'OK', severity, labels: {}, summary: '' }];
    return firing.map((a) => ({
      name: rule.def.name,
      state: stateOfSeverity(a.labels.severity),
      severity: a.labels.severity,
      value: a.value,
      labels: a.labels,
      summary: a.annotations.summary ?? '',
    }));
  });
}

/** The note for rules a single-sample run could not evaluate. */
export function skippedNote(skipped: readonly RuleDefinition[]): string | undefined {
  const names = [...new Set(skipped.map((r) => r.name))];
  return names.length ? `not evaluated (they need two samples; --interval is 0): ${names.join(', ')}` : undefined;
}
