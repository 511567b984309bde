// Instant evaluation of an expression at one timestamp over a SeriesSource.
import type { Labels } from '../collect/model.js';
import type { Expr, Point, SeriesSource } from './ast.js';
import { aggregate } from './aggregate.js';
import { evalBinary } from './binary.js';
import { evalCall } from './functions.js';
import { dropMetricName } from './labels.js';
import { LOOKBACK_DELTA_MS, selectInstant, selectRange } from './selectors.js';
import { assertUniqueLabelsets, type Value } from './values.js';

export type QueryValue =
  | { resultType: 'vector'; result: { metric: Labels; value: number }[] }
  | { resultType: 'scalar'; result: number }
  | { resultType: 'matrix'; result: { metric: Labels; values: Point[] }[] }
  | { resultType: 'string'; result: string };

/** Prometheus's --query.timeout error: the evaluation stopped at its deadline (HTTP 503, errorType "timeout"). */
export class QueryTimeoutError extends Error {
  constructor() {
    super('query timed out in expression evaluation');
  }
}

/**
 * Evaluates `expr` at `timeMs`; throws PromqlError on runtime errors such as many-to-many matching, and
 * QueryTimeoutError once `deadlineMs` (a Date.now() value) has passed, checked at every node of the expression.
 */
export function evaluateInstant(expr: Expr, source: SeriesSource, timeMs: number, deadlineMs = Infinity): QueryValue {
  const value = evalExpr(expr, source, timeMs, deadlineMs);
  switch (value.type) {
    case 'scalar':
      return { resultType: 'scalar', result: value.value };
    case 'string':
      return { resultType: 'string', result: value.value };
    case 'vector':
      return { resultType: 'vector', result: value.samples.map((s) => ({ metric: s.metric, value: s.value })) };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: value.series.map((s) => ({ metric: s.metric, values: s.points.map((p) => ({ t: p.t, v: p.v })) })),
      };
  }
}

function evalExpr(expr: Expr, source: SeriesSource, evalT: number, deadlineMs: number): Value {
  if (deadlineMs !== Infinity && Date.now() > deadlineMs) throw new QueryTimeoutError();
  const evaluate = (e: Expr): Value => evalExpr(e, source, evalT, deadlineMs);
  switch (expr.kind) {
    case 'number':
      return { type: 'scalar', value: expr.value };
    case 'string':
      return { type: 'string', value: expr.value };
    case 'paren':
      return evaluate(expr.expr);
    case 'vectorSelector':
      return { type: 'vector', samples: selectInstant(source, expr, evalT) };
    case 'matrixSelector':
      return { type: 'matrix', series: selectRange(source, expr, evalT) };
    case 'unary': {
      const v = evaluate(expr.expr);
      if (expr.op === '+') return v;
      if (v.type === 'scalar') return { type: 'scalar', value: -v.value };
      if (v.type !== 'vector') return v;
      const samples = v.samples.map((s) => ({ metric: dropMetricName(s.metric), value: -s.value }));
      assertUniqueLabelsets(samples);
      return { type: 'vector', samples };
    }
    case 'binary':
      return evalBinary(expr, evaluate(expr.lhs), evaluate(expr.rhs));
    case 'aggregate': {
      const param = expr.param ? evaluate(expr.param) : undefined;
      const input = evaluate(expr.expr);
      const samples = input.type === 'vector' ? input.samples : [];
      const k = param?.type === 'scalar' ? param.value : 0;
      return { type: 'vector', samples: aggregate(expr.op, samples, expr.grouping, expr.without, k) };
    }
    case 'call':
      return evalCall(expr, { source, evalT, evaluate });
  }
}

/** How much history an expression reads: the longest range plus offset, plus the 5-minute lookback. */
export function lookbackNeededMs(expr: Expr): number {
  let longest = 0;
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'vectorSelector':
        longest = Math.max(longest, Math.max(e.offsetMs, 0));
        return;
      case 'matrixSelector':
        longest = Math.max(longest, e.rangeMs + Math.max(e.selector.offsetMs, 0));
        return;
      case 'unary':
      case 'paren':
        return visit(e.expr);
      case 'binary':
        visit(e.lhs);
        return visit(e.rhs);
      case 'aggregate':
        if (e.param) visit(e.param);
        return visit(e.expr);
      case 'call':
        return e.args.forEach(visit);
      default:
        return;
    }
  };
  visit(expr);
  return longest + LOOKBACK_DELTA_MS;
}
