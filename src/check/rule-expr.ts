// What a check needs to know about a rule's expression: its threshold (to draw perfdata ranges and to override it
// check_postgres-style), whether it needs a rate over two samples, and which metrics it reads.
import { walkExpr } from '../promql/walk.js';
import type { BinaryExpr, ComparisonOp, Expr, FunctionName } from '../promql/ast.js';

const COMPARISONS: readonly string[] = ['==', '!=', '>', '<', '>=', '<='];

export interface Threshold {
  readonly op: ComparisonOp;
  readonly value: number;
}

function unparen(expr: Expr): Expr {
  return expr.kind === 'paren' ? unparen(expr.expr) : expr;
}

/**
 * The comparisons that decide the rule, in the supported shapes:
 *  - `<expr> <op> <number>` (a filter comparison with the number on the right, without `bool`);
 *  - `<shape> and|unless <expr>`: the left side decides, the right side is a guard (e.g. a minimum traffic);
 *  - `<shape> or <shape>`: both sides, which must then agree on one threshold.
 * Anything else has no threshold (undefined).
 */
function thresholdNodes(expr: Expr): BinaryExpr[] | undefined {
  const e = unparen(expr);
  if (e.kind !== 'binary') return undefined;
  if (e.op === 'and' || e.op === 'unless') return thresholdNodes(e.lhs);
  if (e.op === 'or') {
    const left = thresholdNodes(e.lhs);
    const right = thresholdNodes(e.rhs);
    return left && right ? [...left, ...right] : undefined;
  }
  if (!COMPARISONS.includes(e.op) || e.returnBool) return undefined;
  return unparen(e.rhs).kind === 'number' ? [e] : undefined;
}

function thresholdOf(node: BinaryExpr): Threshold {
  return { op: node.op as ComparisonOp, value: (unparen(node.rhs) as { value: number }).value };
}

/** The rule's threshold, when its expression has one of the supported shapes and every branch agrees. */
export function findThreshold(expr: Expr): Threshold | undefined {
  const nodes = thresholdNodes(expr);
  if (!nodes || nodes.length === 0) return undefined;
  const [first, ...rest] = nodes.map(thresholdOf) as [Threshold, ...Threshold[]];
  return rest.every((t) => t.op === first.op && t.value === first.value) ? first : undefined;
}

/** A copy of the expression with the deciding threshold(s) replaced; undefined when the shape is not supported. */
export function withThreshold(expr: Expr, value: number): Expr | undefined {
  if (!findThreshold(expr)) return undefined;
  const rewrite = (e: Expr): Expr => {
    if (e.kind === 'paren') return { ...e, expr: rewrite(e.expr) };
    if (e.kind !== 'binary') return e;
    if (e.op === 'and' || e.op === 'unless') return { ...e, lhs: rewrite(e.lhs) };
    if (e.op === 'or') return { ...e, lhs: rewrite(e.lhs), rhs: rewrite(e.rhs) };
    return { ...e, rhs: { kind: 'number', value } };
  };
  return rewrite(expr);
}

// Functions that need at least two samples in their range: one collection gives them nothing to work with.
const TWO_SAMPLE_FUNCTIONS: ReadonlySet<FunctionName> = new Set<FunctionName>([
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'predict_linear',
  'changes',
  'resets',
]);

/** Whether the expression calls rate/increase/delta/... and so needs a second collection a few seconds later. */
export function needsTwoSamples(expr: Expr): boolean {
  let needs = false;
  walkExpr(expr, (e) => {
    if (e.kind === 'call' && TWO_SAMPLE_FUNCTIONS.has(e.func)) needs = true;
  });
  return needs;
}

/** Metric names (or name regexes, as written) the expression selects. */
export function metricNames(expr: Expr): string[] {
  const names: string[] = [];
  walkExpr(expr, (e) => {
    if (e.kind !== 'vectorSelector') return;
    for (const m of e.matchers) if (m.name === '__name__' && (m.type === '=' || m.type === '=~')) names.push(m.value);
  });
  return names;
}

const BACKUP_METRIC = /^pg_(backup|wal_archive|backrest)_/;

/** Whether the expression reads backup metrics, so the check must scan the backup directories. */
export function readsBackupMetrics(expr: Expr): boolean {
  return metricNames(expr).some((name) => BACKUP_METRIC.test(name));
}
