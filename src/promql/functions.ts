// Function calls: range-vector functions run per series over its window; the others transform instant vectors.
import type { CallExpr, Expr, MatrixSelector, Point } from './ast.js';
import { absentLabels } from './absent.js';
import { dropMetricName } from './labels.js';
import { labelJoin, labelReplace } from './label-functions.js';
import * as rf from './range-functions.js';
import { selectRange } from './selectors.js';
import { assertUniqueLabelsets, type Sample, type Value } from './values.js';
import type { SeriesSource } from './ast.js';

export interface CallContext {
  source: SeriesSource;
  evalT: number;
  evaluate(expr: Expr): Value;
}

type RangeFn = (points: Point[], w: rf.RangeWindow, scalarArg: number) => number | null;

const RANGE_FUNCTIONS: Record<string, RangeFn> = {
  rate: (p, w) => rf.extrapolatedRate(p, w, true, true),
  increase: (p, w) => rf.extrapolatedRate(p, w, true, false),
  delta: (p, w) => rf.extrapolatedRate(p, w, false, false),
  irate: (p) => rf.instantValue(p, true),
  idelta: (p) => rf.instantValue(p, false),
  deriv: (p) => (p.length < 2 ? null : rf.linearRegression(p, (p[0] as Point).t).slope),
  predict_linear: (p, w, seconds) => {
    if (p.length < 2) return null;
    const { slope, intercept } = rf.linearRegression(p, w.evalT);
    return slope * seconds + intercept;
  },
  changes: (p) => rf.countChanges(p),
  resets: (p) => rf.countResets(p),
  avg_over_time: (p) => rf.avgOverTime(p),
  min_over_time: (p) => rf.minOverTime(p),
  max_over_time: (p) => rf.maxOverTime(p),
  sum_over_time: (p) => rf.sumOverTime(p),
  count_over_time: (p) => p.length,
  last_over_time: (p) => (p[p.length - 1] as Point).v,
};

const SIMPLE: Record<string, (v: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  sqrt: Math.sqrt,
};

export function unwrapParens(expr: Expr): Expr {
  return expr.kind === 'paren' ? unwrapParens(expr.expr) : expr;
}

function scalarArg(ctx: CallContext, expr: Expr | undefined, fallback: number): number {
  if (!expr) return fallback;
  const v = ctx.evaluate(expr);
  return v.type === 'scalar' ? v.value : fallback;
}

function stringArg(expr: Expr | undefined): string {
  const e = expr && unwrapParens(expr);
  return e && e.kind === 'string' ? e.value : '';
}

function vectorArg(ctx: CallContext, expr: Expr | undefined): Sample[] {
  const v = expr ? ctx.evaluate(expr) : undefined;
  return v && v.type === 'vector' ? v.samples : [];
}

function mapValues(samples: Sample[], f: (v: number) => number): Sample[] {
  return samples.map((s) => ({ metric: dropMetricName(s.metric), value: f(s.value) }));
}

function evalRangeFunction(call: CallExpr, ctx: CallContext): Sample[] {
  const sel = unwrapParens(call.args[0] as Expr) as MatrixSelector;
  const series = selectRange(ctx.source, sel, ctx.evalT);
  if (call.func === 'absent_over_time') {
    return series.length > 0 ? [] : [{ metric: absentLabels(sel.selector.matchers), value: 1 }];
  }
  const fn = RANGE_FUNCTIONS[call.func] as RangeFn;
  const extra = scalarArg(ctx, call.args[1], 0);
  const end = ctx.evalT - sel.selector.offsetMs;
  const window: rf.RangeWindow = { evalT: ctx.evalT, start: end - sel.rangeMs, end, rangeMs: sel.rangeMs };
  const out: Sample[] = [];
  for (const s of series) {
    const value = fn(s.points, window, extra);
    if (value === null) continue;
    // last_over_time acts like an offset, so it keeps the metric name; every other range function drops it.
    out.push({ metric: call.func === 'last_over_time' ? s.metric : dropMetricName(s.metric), value });
  }
  return out;
}

function evalInstantFunction(call: CallExpr, ctx: CallContext): Value {
  const [a0, a1, a2] = call.args;
  switch (call.func) {
    case 'time':
      return { type: 'scalar', value: ctx.evalT / 1000 };
    case 'scalar': {
      const v = vectorArg(ctx, a0);
      return { type: 'scalar', value: v.length === 1 ? (v[0] as Sample).value : NaN };
    }
    case 'vector':
      return { type: 'vector', samples: [{ metric: {}, value: scalarArg(ctx, a0, NaN) }] };
    case 'absent': {
      if (vectorArg(ctx, a0).length > 0) return { type: 'vector', samples: [] };
      const arg = unwrapParens(a0 as Expr);
      const matchers = arg.kind === 'vectorSelector' ? arg.matchers : [];
      return { type: 'vector', samples: [{ metric: absentLabels(matchers), value: 1 }] };
    }
    case 'timestamp': {
      // Only a plain vector selector carries the samples' own timestamps; anything else is "now".
      const direct = unwrapParens(a0 as Expr).kind === 'vectorSelector';
      return {
        type: 'vector',
        samples: vectorArg(ctx, a0).map((s) => ({
          metric: dropMetricName(s.metric),
          value: (direct && s.t !== undefined ? s.t : ctx.evalT) / 1000,
        })),
      };
    }
    case 'clamp': {
      const min = scalarArg(ctx, a1, NaN);
      const max = scalarArg(ctx, a2, NaN);
      const v = vectorArg(ctx, a0);
      return { type: 'vector', samples: max < min ? [] : mapValues(v, (x) => Math.max(min, Math.min(max, x))) };
    }
    case 'clamp_min': {
      const min = scalarArg(ctx, a1, NaN);
      return { type: 'vector', samples: mapValues(vectorArg(ctx, a0), (x) => Math.max(min, x)) };
    }
    case 'clamp_max': {
      const max = scalarArg(ctx, a1, NaN);
      return { type: 'vector', samples: mapValues(vectorArg(ctx, a0), (x) => Math.min(max, x)) };
    }
    case 'round': {
      // Ties round up; dividing by the inverse loses less precision than multiplying (as Prometheus does).
      const inverse = 1 / scalarArg(ctx, a1, 1);
      return { type: 'vector', samples: mapValues(vectorArg(ctx, a0), (x) => Math.floor(x * inverse + 0.5) / inverse) };
    }
    case 'label_replace':
      return {
        type: 'vector',
        samples: labelReplace(
          vectorArg(ctx, a0),
          stringArg(a1),
          stringArg(a2),
          stringArg(call.args[3]),
          stringArg(call.args[4]),
        ),
      };
    case 'label_join':
      return {
        type: 'vector',
        samples: labelJoin(vectorArg(ctx, a0), stringArg(a1), stringArg(a2), call.args.slice(3).map(stringArg)),
      };
    default: {
      const f = SIMPLE[call.func];
      if (!f) throw new Error(`function ${call.func} has no implementation`);
      return { type: 'vector', samples: mapValues(vectorArg(ctx, a0), f) };
    }
  }
}

export function evalCall(call: CallExpr, ctx: CallContext): Value {
  const first = call.args[0];
  const value: Value =
    first && unwrapParens(first).kind === 'matrixSelector'
      ? { type: 'vector', samples: evalRangeFunction(call, ctx) }
      : evalInstantFunction(call, ctx);
  if (value.type === 'vector') assertUniqueLabelsets(value.samples);
  return value;
}
