import type { Expr, Matcher } from './ast.js';
import { anchoredRegex } from './matchers.js';

/** The direct subexpressions of a node, in evaluation order. */
export function childrenOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'paren':
    case 'unary':
    case 'subquery':
      return [expr.expr];
    case 'binary':
      return [expr.lhs, expr.rhs];
    case 'aggregate':
      return expr.param ? [expr.param, expr.expr] : [expr.expr];
    case 'call':
      return expr.args;
    case 'matrixSelector':
      return [expr.selector];
    default:
      return [];
  }
}

/** Visits every node of an expression, parents before children. */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  for (const child of childrenOf(expr)) walkExpr(child, visit);
}

/** Which metric names an expression may read: exact names and `__name__=~"…"` patterns (anchored). */
export interface MetricNameFilter {
  readonly names: Set<string>;
  readonly patterns: Array<{ test(name: string): boolean }>;
}

/** The metric names a selector can read: one name, a `__name__=~"…"` pattern (anchored), or any. */
export type NameConstraint =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'pattern'; readonly pattern: { test(name: string): boolean } }
  | { readonly kind: 'any' };

/** A selector without `__name__="…"` or `__name__=~"…"` (`{job="x"}`, `{__name__!="up"}`) can read any metric. */
export function nameConstraint(matchers: readonly Matcher[]): NameConstraint {
  const name = matchers.find((m) => m.name === '__name__' && (m.type === '=' || m.type === '=~'));
  if (!name) return { kind: 'any' };
  return name.type === '='
    ? { kind: 'name', name: name.value }
    : { kind: 'pattern', pattern: anchoredRegex(name.value) };
}

/**
 * The metric names an expression reads, or 'any' when a selector does not pin its name (`{job="x"}`,
 * `{__name__!="up"}`): then any series may be read.
 */
export function metricNamesRead(expr: Expr): MetricNameFilter | 'any' {
  const filter: MetricNameFilter = { names: new Set(), patterns: [] };
  let any = false;
  walkExpr(expr, (e) => {
    if (e.kind !== 'vectorSelector') return;
    const name = nameConstraint(e.matchers);
    if (name.kind === 'any') any = true;
    else if (name.kind === 'name') filter.names.add(name.name);
    else filter.patterns.push(name.pattern);
  });
  return any ? 'any' : filter;
}

export function nameMatches(filter: MetricNameFilter, name: string): boolean {
  return filter.names.has(name) || filter.patterns.some((re) => re.test(name));
}
