// Static value types of expressions and the signatures of PromQL's functions (as Prometheus 2.42 declares them).
import type { Expr, FunctionName, ValueType } from './ast.js';

export interface FunctionSignature {
  args: ValueType[];
  /** How many trailing arguments may be left out (round) or -1 when the last argument repeats (label_join). */
  optional: number;
  returns: ValueType;
}

const overTime: FunctionSignature = { args: ['matrix'], optional: 0, returns: 'vector' };
const vectorToVector: FunctionSignature = { args: ['vector'], optional: 0, returns: 'vector' };
/** minute() … year(): of the evaluation time, or of each sample's value (seconds since the epoch). */
const dateFunction: FunctionSignature = { args: ['vector'], optional: 1, returns: 'vector' };

export const FUNCTIONS: Record<FunctionName, FunctionSignature> = {
  rate: overTime,
  irate: overTime,
  increase: overTime,
  delta: overTime,
  idelta: overTime,
  deriv: overTime,
  predict_linear: { args: ['matrix', 'scalar'], optional: 0, returns: 'vector' },
  changes: overTime,
  resets: overTime,
  time: { args: [], optional: 0, returns: 'scalar' },
  timestamp: vectorToVector,
  absent: vectorToVector,
  absent_over_time: overTime,
  clamp: { args: ['vector', 'scalar', 'scalar'], optional: 0, returns: 'vector' },
  clamp_min: { args: ['vector', 'scalar'], optional: 0, returns: 'vector' },
  clamp_max: { args: ['vector', 'scalar'], optional: 0, returns: 'vector' },
  abs: vectorToVector,
  ceil: vectorToVector,
  floor: vectorToVector,
  round: { args: ['vector', 'scalar'], optional: 1, returns: 'vector' },
  sqrt: vectorToVector,
  label_replace: { args: ['vector', 'string', 'string', 'string', 'string'], optional: 0, returns: 'vector' },
  label_join: { args: ['vector', 'string', 'string', 'string'], optional: -1, returns: 'vector' },
  vector: { args: ['scalar'], optional: 0, returns: 'vector' },
  scalar: { args: ['vector'], optional: 0, returns: 'scalar' },
  avg_over_time: overTime,
  min_over_time: overTime,
  max_over_time: overTime,
  sum_over_time: overTime,
  count_over_time: overTime,
  last_over_time: overTime,
  quantile_over_time: { args: ['scalar', 'matrix'], optional: 0, returns: 'vector' },
  stddev_over_time: overTime,
  stdvar_over_time: overTime,
  present_over_time: overTime,
  holt_winters: { args: ['matrix', 'scalar', 'scalar'], optional: 0, returns: 'vector' },
  exp: vectorToVector,
  ln: vectorToVector,
  log2: vectorToVector,
  log10: vectorToVector,
  sgn: vectorToVector,
  sort: vectorToVector,
  sort_desc: vectorToVector,
  sin: vectorToVector,
  cos: vectorToVector,
  tan: vectorToVector,
  asin: vectorToVector,
  acos: vectorToVector,
  atan: vectorToVector,
  sinh: vectorToVector,
  cosh: vectorToVector,
  tanh: vectorToVector,
  asinh: vectorToVector,
  acosh: vectorToVector,
  atanh: vectorToVector,
  deg: vectorToVector,
  rad: vectorToVector,
  pi: { args: [], optional: 0, returns: 'scalar' },
  minute: dateFunction,
  hour: dateFunction,
  day_of_month: dateFunction,
  day_of_week: dateFunction,
  day_of_year: dateFunction,
  days_in_month: dateFunction,
  month: dateFunction,
  year: dateFunction,
  histogram_quantile: { args: ['scalar', 'vector'], optional: 0, returns: 'vector' },
  histogram_count: vectorToVector,
  histogram_sum: vectorToVector,
  histogram_fraction: { args: ['scalar', 'scalar', 'vector'], optional: 0, returns: 'vector' },
};

export function typeOf(expr: Expr): ValueType {
  switch (expr.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
    case 'aggregate':
      return 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'unary':
    case 'paren':
      return typeOf(expr.expr);
    case 'binary':
      return typeOf(expr.lhs) === 'scalar' && typeOf(expr.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'call':
      return FUNCTIONS[expr.func].returns;
  }
}

/** Prometheus's wording for value types in error messages. */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    default:
      return t;
  }
}
