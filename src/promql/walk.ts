import type { Expr } from './ast.js';

/** Visits every node of an expression, parents before children. */
export function walkExpr(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'paren':
    case 'unary':
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

/**
 * The metric names an expression reads, or 'any' when a selector does not pin its name with `__name__="…"`
 * (`{job="x"}`, `{__name__=~"pg_.*"}`): then any series may be read.
 */
export function metricNamesRead(expr: Expr): Set<string> | 'any' {
  const names = new Set<string>();
  let any = false;
  walkExpr(expr, (e) => {
    if (e.kind !== 'vectorSelector') return;
    const name = e.matchers.find((m) => m.name === '__name__' && m.type === '=');
    if (name) names.add(name.value);
    else any = true;
  });
  return any ? 'any' : names;
}
