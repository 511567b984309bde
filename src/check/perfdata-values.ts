// Perfdata values from the sample store, with thresholds drawn from the rules that alert on them.
import type { Labels } from '../collect/model.js';
import { evaluateInstant, parsePromql, type Expr, type SampleStore } from '../promql/index.js';
import type { RuleDefinition } from '../rules/index.js';
import { rangeForComparison, type NagiosRange, type PerfValue } from './perfdata.js';
import type { PerfSpec } from './perfdata-spec.js';
import { findThreshold } from './rule-expr.js';

const parsed = new Map<string, Expr>();
function expr(text: string): Expr {
  let e = parsed.get(text);
  if (!e) parsed.set(text, (e = parsePromql(text)));
  return e;
}

function samples(text: string, store: SampleStore, timeMs: number, instance: string | undefined) {
  const value = evaluateInstant(expr(text), store, timeMs);
  const vector = value.resultType === 'vector' ? value.result : [];
  return vector.filter((s) => instance === undefined || s.metric.instance === instance);
}

/** `cache_hit_{datname}` → `cache_hit_app`. */
export function fillLabel(template: string, labels: Labels): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => labels[name] ?? '');
}

/** The Nagios range of the rule of that name and severity; undefined when there is none or its shape has none. */
export function ruleRange(
  rules: readonly RuleDefinition[],
  name: string,
  severity: 'warning' | 'critical',
  scale: number,
  nonNegative: boolean,
): NagiosRange | undefined {
  const rule = rules.find((r) => r.kind === 'alert' && r.name === name && r.labels.severity === severity);
  const threshold = rule && findThreshold(rule.expr);
  if (!threshold) return undefined;
  return rangeForComparison(threshold.op, threshold.value * scale, nonNegative);
}

export interface PerfdataContext {
  readonly store: SampleStore;
  readonly timeMs: number;
  /** The rules (with any threshold override applied) that give the thresholds. */
  readonly rules: readonly RuleDefinition[];
  /** Only series of this target (the `instance` label). */
  readonly instance?: string | undefined;
  /** Prefix labels with `<instance>:` (several targets in one answer). */
  readonly prefixInstance?: boolean;
}

/** The perfdata of the specs, in spec order, one value per sample of each spec's expression. */
export function perfdataValues(specs: readonly PerfSpec[], ctx: PerfdataContext): PerfValue[] {
  const out: PerfValue[] = [];
  for (const spec of specs) {
    const factor = spec.factor ?? 1;
    for (const sample of samples(spec.expr, ctx.store, ctx.timeMs, ctx.instance)) {
      const max =
        typeof spec.max === 'string'
          ? samples(spec.max, ctx.store, ctx.timeMs, sample.metric.instance)[0]?.value
          : spec.max;
      const scale = factor * (spec.thresholdsTimesMax ? (max ?? NaN) : 1);
      const nonNegative = spec.min !== undefined && spec.min >= 0;
      const range = (severity: 'warning' | 'critical') =>
        spec.rule && Number.isFinite(scale) ? ruleRange(ctx.rules, spec.rule, severity, scale, nonNegative) : undefined;
      out.push({
        label: (ctx.prefixInstance ? `${sample.metric.instance ?? ''}:` : '') + fillLabel(spec.label, sample.metric),
        value: sample.value * factor,
        unit: spec.unit,
        warn: range('warning'),
        crit: range('critical'),
        min: spec.min,
        max,
      });
    }
  }
  return out;
}

/** The specs a run reports: all without a selection, else those of a chosen selection or a named rule. */
export function specsFor(
  specs: readonly PerfSpec[],
  selections: readonly string[],
  ruleNames: readonly string[],
): PerfSpec[] {
  if (selections.length === 0 && ruleNames.length === 0) return [...specs];
  return specs.filter(
    (s) => s.selections.some((sel) => selections.includes(sel)) || (s.rule !== undefined && ruleNames.includes(s.rule)),
  );
}
