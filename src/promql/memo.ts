// Results of subexpressions shared within one evaluation time. The shipped rules repeat themselves — a ratio names
// `sum by (…) (rate(x[5m]))` in its numerator and denominator, a warning and a critical rule differ only in their
// threshold — and over a fleet's store each repetition costs a full selection over every target's series.
import type { Expr } from './ast.js';
import type { Value } from './values.js';
import { metricNamesRead, nameMatches, type MetricNameFilter } from './walk.js';

/** Nodes not worth a lookup: literals, and parentheses (their inner node is memoized). */
const NOT_MEMOIZED = new Set<Expr['kind']>(['number', 'string', 'paren']);

const keys = new WeakMap<Expr, string>();
const reads = new WeakMap<Expr, MetricNameFilter | 'any'>();

/** A canonical text of an expression (the AST holds no positions, so equal subexpressions give equal keys). */
function exprKey(expr: Expr): string {
  let key = keys.get(expr);
  if (key === undefined) keys.set(expr, (key = JSON.stringify(expr)));
  return key;
}

function namesRead(expr: Expr): MetricNameFilter | 'any' {
  let filter = reads.get(expr);
  if (filter === undefined) reads.set(expr, (filter = metricNamesRead(expr)));
  return filter;
}

/**
 * Values of subexpressions by (evaluation time, expression), valid for one store state and one query time: a rule
 * group's round shares one (all its rules see one timestamp) and says which metrics its rules wrote (`written`), so
 * a later rule reads what an earlier recording rule or ALERTS series added, as in Prometheus. Values are never
 * mutated by the evaluator, so sharing them is safe.
 */
export class EvalMemo {
  private readonly values = new Map<string, { expr: Expr; value: Value }>();
  private scope: { source: unknown; queryT: number } | undefined;

  /** Forgets everything unless the source and query time are those the memo holds values for. */
  enter(source: unknown, queryT: number): void {
    if (this.scope && this.scope.source === source && this.scope.queryT === queryT) return;
    this.values.clear();
    this.scope = { source, queryT };
  }

  /** The memoized value of `expr` at `evalT`, else computes and keeps it. */
  value(expr: Expr, evalT: number, compute: () => Value): Value {
    if (NOT_MEMOIZED.has(expr.kind)) return compute();
    const key = `${evalT}\xff${exprKey(expr)}`;
    const hit = this.values.get(key);
    if (hit) return hit.value;
    const value = compute();
    this.values.set(key, { expr, value });
    return value;
  }

  /** Series of these metric names were written: forgets every value whose expression may read them. */
  written(names: readonly string[]): void {
    for (const [key, { expr }] of this.values) {
      const filter = namesRead(expr);
      if (filter === 'any' || names.some((n) => nameMatches(filter, n))) this.values.delete(key);
    }
  }

  get size(): number {
    return this.values.size;
  }
}
