// check_postgres-style --warning/--critical for one --rule: the rule's comparison threshold is rewritten for this
// run. Supported shapes are those of findThreshold (`<expr> <op> <number>`, optionally `and`/`unless` a guard, or
// an `or` of such comparisons that share one threshold).
import type { RuleDefinition, RuleGroupDefinition } from '../rules/index.js';
import { withThreshold } from './rule-expr.js';

export interface ThresholdOverride {
  readonly rule: string;
  readonly warning?: number | undefined;
  readonly critical?: number | undefined;
}

export class OverrideError extends Error {
  override name = 'OverrideError';
}

function rewritten(rule: RuleDefinition, value: number, severity: string): RuleDefinition {
  const expr = withThreshold(rule.expr, value);
  if (!expr) {
    throw new OverrideError(
      `rule ${rule.name} (${rule.file}:${rule.line}) has no threshold to override: its expression is not ` +
        '"<expr> <op> <number>" (optionally followed by "and <guard>")',
    );
  }
  return {
    ...rule,
    expr,
    exprText: `${rule.exprText.trim()}  # threshold overridden to ${value}`,
    labels: { ...rule.labels, severity },
  };
}

/**
 * The groups with the named rule's thresholds replaced: the variant of that severity is rewritten; when the rule has
 * no variant of a severity, one is derived from another variant (so --critical works for a warning-only rule).
 */
export function overrideThresholds(
  groups: readonly RuleGroupDefinition[],
  override: ThresholdOverride,
): RuleGroupDefinition[] {
  const variants = groups.flatMap((g) => g.rules).filter((r) => r.kind === 'alert' && r.name === override.rule);
  if (variants.length === 0) throw new OverrideError(`no alerting rule named ${override.rule}`);
  const wanted = (['warning', 'critical'] as const).filter((s) => override[s] !== undefined);
  const missing = wanted.filter((s) => !variants.some((r) => r.labels.severity === s));
  return groups.map((group) => {
    const rules: RuleDefinition[] = [];
    for (const rule of group.rules) {
      if (rule.kind !== 'alert' || rule.name !== override.rule) {
        rules.push(rule);
        continue;
      }
      const severity = rule.labels.severity ?? '';
      const value = severity === 'warning' || severity === 'critical' ? override[severity] : undefined;
      rules.push(value === undefined ? rule : rewritten(rule, value, severity));
      // The first variant also stands in for the severities the rule does not have.
      if (rule === variants[0]) for (const s of missing) rules.push(rewritten(rule, override[s] as number, s));
    }
    return { ...group, rules };
  });
}
