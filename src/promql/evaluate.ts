// Instant evaluation of an expression at one timestamp over a SeriesSource (subqueries evaluate their inner
// expression at every step, as Prometheus's range evaluation does).
import type { Labels } from '../collect/model.js';
import type { AtModifier, Expr, Point, SeriesSource, SubqueryExpr } from './ast.js';
import { aggregate } from './aggregate.js';
import { evalBinary } from './binary.js';
import { evalCall, type MatrixValue } from './functions.js';
import { dropMetricName, labelsKey } from './labels.js';
import { eachRange, selectInstant, selectRange } from './selectors.js';
import { EvalMemo } from './memo.js';
import { assertUniqueLabelsets, type RangeSeries, type Value } from './values.js';

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

export interface EvaluateOptions {
  /** The step of subqueries written without one (`[5m:]`): Prometheus's global evaluation_interval. Default 1m. */
  defaultSubqueryStepMs?: number;
  /** A Date.now() value past which evaluation throws QueryTimeoutError, checked at every node of the expression. */
  deadlineMs?: number;
  /**
   * Shares subexpression values with other evaluations at the same time over the same source (a rule group's round);
   * without it, only repeats within this expression are shared.
   */
  memo?: EvalMemo;
}

interface Env {
  source: SeriesSource;
  /** The query's time: what `@ start()` and `@ end()` mean in an instant query. */
  queryT: number;
  defaultStepMs: number;
  deadlineMs: number;
  memo: EvalMemo;
}

/**
 * Evaluates `expr` at `timeMs`; throws PromqlError on runtime errors such as many-to-many matching, and
 * QueryTimeoutError once the deadline has passed. A number as the fourth argument is the deadline.
 */
export function evaluateInstant(
  expr: Expr,
  source: SeriesSource,
  timeMs: number,
  options: EvaluateOptions | number = {},
): QueryValue {
  const opts = typeof options === 'number' ? { deadlineMs: options } : options;
  const env: Env = {
    source,
    queryT: timeMs,
    defaultStepMs: opts.defaultSubqueryStepMs ?? 60_000,
    deadlineMs: opts.deadlineMs ?? Infinity,
    memo: opts.memo ?? new EvalMemo(),
  };
  env.memo.enter(source, timeMs);
  const value = evalExpr(expr, env, timeMs);
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

function resolveAt(at: AtModifier, evalT: number, env: Env): number {
  if (at === null) return evalT;
  if (at === 'start' || at === 'end') return env.queryT;
  return at.ms;
}

function evalExpr(expr: Expr, env: Env, evalT: number): Value {
  if (env.deadlineMs !== Infinity && Date.now() > env.deadlineMs) throw new QueryTimeoutError();
  return env.memo.value(expr, evalT, () => evalNode(expr, env, evalT));
}

function evalNode(expr: Expr, env: Env, evalT: number): Value {
  const evaluate = (e: Expr): Value => evalExpr(e, env, evalT);
  switch (expr.kind) {
    case 'number':
      return { type: 'scalar', value: expr.value };
    case 'string':
      return { type: 'string', value: expr.value };
    case 'paren':
      return evaluate(expr.expr);
    case 'vectorSelector':
      return { type: 'vector', samples: selectInstant(env.source, expr, resolveAt(expr.at, evalT, env)) };
    case 'matrixSelector':
      return { type: 'matrix', series: selectRange(env.source, expr, resolveAt(expr.selector.at, evalT, env)) };
    case 'subquery':
      return { type: 'matrix', series: evalSubquery(expr, env, subqueryEnd(expr, evalT, env)) };
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
      const p = param?.type === 'scalar' || param?.type === 'string' ? param.value : 0;
      return { type: 'vector', samples: aggregate(expr.op, samples, expr.grouping, expr.without, p) };
    }
    case 'call':
      return evalCall(expr, { evalT, evaluate, matrix: (e) => evalMatrix(e, env, evalT) });
  }
}

/** A range vector with its window (range selector or subquery, parentheses allowed around it). */
function evalMatrix(expr: Expr, env: Env, evalT: number): MatrixValue {
  if (expr.kind === 'paren') return evalMatrix(expr.expr, env, evalT);
  if (expr.kind === 'subquery') {
    const end = subqueryEnd(expr, evalT, env);
    const window = { evalT, start: end - expr.rangeMs, end, rangeMs: expr.rangeMs };
    const series = evalSubquery(expr, env, end);
    return { each: (visit) => series.forEach((s) => visit(s.metric, s.points)), window, matchers: [] };
  }
  if (expr.kind !== 'matrixSelector') throw new Error(`expected a range vector, got ${expr.kind}`);
  const t = resolveAt(expr.selector.at, evalT, env);
  const end = t - expr.selector.offsetMs;
  return {
    each: (visit) => eachRange(env.source, expr, t, visit),
    window: { evalT, start: end - expr.rangeMs, end, rangeMs: expr.rangeMs },
    matchers: expr.selector.matchers,
  };
}

function subqueryEnd(sq: SubqueryExpr, evalT: number, env: Env): number {
  return resolveAt(sq.at, evalT, env) - sq.offsetMs;
}

/** The inner expression at every multiple of the step in [end - range, end], as Prometheus aligns subquery steps. */
function evalSubquery(sq: SubqueryExpr, env: Env, end: number): RangeSeries[] {
  const step = sq.stepMs > 0 ? sq.stepMs : env.defaultStepMs;
  const from = end - sq.rangeMs;
  let start = step * Math.trunc(from / step); // Go's integer division truncates towards zero
  if (start < from) start += step;
  const byKey = new Map<string, RangeSeries>();
  for (let t = start; t <= end; t += step) {
    const v = evalExpr(sq.expr, env, t);
    if (v.type !== 'vector') continue;
    for (const s of v.samples) {
      const key = labelsKey(s.metric);
      let series = byKey.get(key);
      if (!series) byKey.set(key, (series = { metric: s.metric, points: [] }));
      series.points.push({ t, v: s.value });
    }
  }
  return [...byKey.values()];
}
