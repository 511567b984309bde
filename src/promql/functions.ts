// Function calls: range-vector functions run per series over its window; the others transform instant vectors.
import type { CallExpr, Expr, Matcher, Point } from './ast.js';
import { absentLabels } from './absent.js';
import { dropMetricName } from './labels.js';
import { labelJoin, labelReplace } from './label-functions.js';
import { dateOf, DATE_FUNCTIONS, VALUE_FUNCTIONS } from './math-functions.js';
import { quantile } from './quantile.js';
import * as rf from './range-functions.js';
import { typeOf } from './types.js';
import { assertUniqueLabelsets, type RangeSeries, type Sample, type Value } from './values.js';
import { histogramQuantile, holtWinters, sortByValue } from './vector-functions.js';

/**
 * A range vector argument: its series one at a time (`each`; the points may be reused after the callback returns)
 * and its window; `matchers` only for a plain selector (absent_over_time).
 */
export interface MatrixValue {
  each(visit: (metric: RangeSeries['metric'], points: readonly Point[]) => void): void;
  window: rf.RangeWindow;
  matchers: Matcher[];
}

export interface CallContext {
  evalT: number;
  evaluate(expr: Expr): Value;
  matrix(expr: Expr): MatrixValue;
}

type RangeFn = (points: readonly Point[], w: rf.RangeWindow, scalars: number[]) => number | null;

const RANGE_FUNCTIONS: Record<string, RangeFn> = {
  rate: (p, w) => rf.extrapolatedRate(p, w, true, true),
  increase: (p, w) => rf.extrapolatedRate(p, w, true, false),
  delta: (p, w) => rf.extrapolatedRate(p, w, false, false),
  irate: (p) => rf.instantValue(p, true),
  idelta: (p) => rf.instantValue(p, false),
  deriv: (p) => (p.length < 2 ? null : rf.linearRegression(p, (p[0] as Point).t).slope),
  predict_linear: (p, w, [seconds = 0]) => {
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
  present_over_time: () => 1,
  stdvar_over_time: (p) => rf.stdvarOverTime(p),
  stddev_over_time: (p) => Math.sqrt(rf.stdvarOverTime(p)),
  quantile_over_time: (p, _w, [q = NaN]) =>
    quantile(
      q,
      p.map((x) => x.v),
    ),
  holt_winters: (p, _w, [sf = NaN, tf = NaN]) => holtWinters(p, sf, tf),
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

function evalRangeFunction(call: CallExpr, ctx: CallContext, matrixIndex: number): Sample[] {
  const matrix = ctx.matrix(call.args[matrixIndex] as Expr);
  if (call.func === 'absent_over_time') {
    let any = false;
    matrix.each(() => (any = true));
    return any ? [] : [{ metric: absentLabels(matrix.matchers), value: 1 }];
  }
  const fn = RANGE_FUNCTIONS[call.func] as RangeFn;
  const scalars = call.args.filter((_, i) => i !== matrixIndex).map((a) => scalarArg(ctx, a, NaN));
  const out: Sample[] = [];
  matrix.each((metric, points) => {
    const value = fn(points, matrix.window, scalars);
    if (value === null) return;
    // last_over_time acts like an offset, so it keeps the metric name; every other range function drops it.
    out.push({ metric: call.func === 'last_over_time' ? metric : dropMetricName(metric), value });
  });
  return out;
}

function evalInstantFunction(call: CallExpr, ctx: CallContext): Value {
  const [a0, a1, a2] = call.args;
  const vector = (samples: Sample[]): Value => ({ type: 'vector', samples });
  switch (call.func) {
    case 'time':
      return { type: 'scalar', value: ctx.evalT / 1000 };
    case 'pi':
      return { type: 'scalar', value: Math.PI };
    case 'scalar': {
      const v = vectorArg(ctx, a0);
      return { type: 'scalar', value: v.length === 1 ? (v[0] as Sample).value : NaN };
    }
    case 'vector':
      return vector([{ metric: {}, value: scalarArg(ctx, a0, NaN) }]);
    case 'absent': {
      if (vectorArg(ctx, a0).length > 0) return vector([]);
      const arg = unwrapParens(a0 as Expr);
      const matchers = arg.kind === 'vectorSelector' ? arg.matchers : [];
      return vector([{ metric: absentLabels(matchers), value: 1 }]);
    }
    case 'timestamp': {
      // Only a plain vector selector carries the samples' own timestamps; anything else is "now".
      const direct = unwrapParens(a0 as Expr).kind === 'vectorSelector';
      return vector(
        vectorArg(ctx, a0).map((s) => ({
          metric: dropMetricName(s.metric),
          value: (direct && s.t !== undefined ? s.t : ctx.evalT) / 1000,
        })),
      );
    }
    case 'clamp': {
      const min = scalarArg(ctx, a1, NaN);
      const max = scalarArg(ctx, a2, NaN);
      const v = vectorArg(ctx, a0);
      return vector(max < min ? [] : mapValues(v, (x) => goMax(min, goMin(max, x))));
    }
    case 'clamp_min': {
      const min = scalarArg(ctx, a1, NaN);
      return vector(mapValues(vectorArg(ctx, a0), (x) => goMax(min, x)));
    }
    case 'clamp_max': {
      const max = scalarArg(ctx, a1, NaN);
      return vector(mapValues(vectorArg(ctx, a0), (x) => goMin(max, x)));
    }
    case 'round': {
      // Ties round up; dividing by the inverse loses less precision than multiplying (as Prometheus does).
      const inverse = 1 / scalarArg(ctx, a1, 1);
      return vector(mapValues(vectorArg(ctx, a0), (x) => Math.floor(x * inverse + 0.5) / inverse));
    }
    case 'sort':
    case 'sort_desc':
      return vector(sortByValue(vectorArg(ctx, a0), call.func === 'sort_desc'));
    case 'histogram_quantile':
      return vector(histogramQuantile(scalarArg(ctx, a0, NaN), vectorArg(ctx, a1)));
    case 'histogram_count':
    case 'histogram_sum':
    case 'histogram_fraction':
      return vector([]); // they read native histograms only, which this engine never stores
    case 'label_replace':
      return vector(
        labelReplace(
          vectorArg(ctx, a0),
          stringArg(a1),
          stringArg(a2),
          stringArg(call.args[3]),
          stringArg(call.args[4]),
        ),
      );
    case 'label_join':
      return vector(labelJoin(vectorArg(ctx, a0), stringArg(a1), stringArg(a2), call.args.slice(3).map(stringArg)));
    default:
      return mapFunction(call, ctx);
  }
}

function mapFunction(call: CallExpr, ctx: CallContext): Value {
  const date = DATE_FUNCTIONS[call.func];
  if (date) {
    const at = (seconds: number): number => {
      const d = dateOf(seconds);
      return d ? date(d) : NaN;
    };
    if (call.args.length === 0) return { type: 'vector', samples: [{ metric: {}, value: at(ctx.evalT / 1000) }] };
    return { type: 'vector', samples: mapValues(vectorArg(ctx, call.args[0]), at) };
  }
  const f = VALUE_FUNCTIONS[call.func];
  if (!f) throw new Error(`function ${call.func} has no implementation`);
  return { type: 'vector', samples: mapValues(vectorArg(ctx, call.args[0]), f) };
}

/** Go's math.Max/Min, which clamp uses: an infinity in the direction wins even over NaN (Math.max gives NaN). */
function goMax(a: number, b: number): number {
  if (a === Infinity || b === Infinity) return Infinity;
  return Math.max(a, b);
}
function goMin(a: number, b: number): number {
  if (a === -Infinity || b === -Infinity) return -Infinity;
  return Math.min(a, b);
}

export function evalCall(call: CallExpr, ctx: CallContext): Value {
  const matrixIndex = call.args.findIndex((a) => typeOf(a) === 'matrix');
  const value: Value =
    matrixIndex >= 0
      ? { type: 'vector', samples: evalRangeFunction(call, ctx, matrixIndex) }
      : evalInstantFunction(call, ctx);
  if (value.type === 'vector') assertUniqueLabelsets(value.samples);
  return value;
}
