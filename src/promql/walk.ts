import type { Expr } from './ast.js';
import { anchoredRegex } from './matchers.js';

/** Visits every node of an expression, parents before children. */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'paren':
    case 'unary':
    case 'subquery':
      return walkExpr(expr.expr, visit);
    case 'binary':
      walkExpr(expr.lhs, visit);
      return walkExpr(expr.rhs, visit);
    case 'aggregate':
      if (expr.param) walkExpr(expr.param, visit);
      return walkExpr(expr.expr, visit);
    case 'call':
      return expr.args.forEach((a) => walkExpr(a, visit));
    case 'matrixSelector':
      return walkExpr(expr.selector, visit);
    default:
      return;
  }
}

/** Which metric names an expression may read: exact names and `__name__=~"…"` patterns (anchored). */
export interface MetricNameFilter {
  readonly names: Set<string>;
  readonly patterns: Array<{ test(name: string): boolean }>;
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
    const name = e.matchers.find((m) => m.name === '__name__' && (m.type === '=' || m.type === '=~'));
    if (!name) any = true;
    else if (name.type === '=') filter.names.add(name.value);
    else filter.patterns.push(anchoredRegex(name.value));
  });
  return any ? 'any' : filter;
}

export function nameMatches(filter: MetricNameFilter, name: string): boolean {
  return filter.names.has(name) || filter.patterns.some((re) => re.test(name));
}
