// Our own PromQL AST: Prometheus 2.x's language without native histograms.
import type { Labels } from '../collect/model.js';

export interface Matcher {
  name: string;
  type: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface Point {
  t: number;
  v: number;
  /** A staleness marker (Prometheus writes StaleNaN); it ends a series for instant selectors. */
  stale?: boolean;
}

export interface Series {
  labels: Labels;
  points: Point[];
}

export interface SeriesSource {
  /** Series matching all matchers with their points within [startMs, endMs], sorted by time. */
  select(matchers: Matcher[], startMs: number, endMs: number): Series[];
}

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export type AggregateOp =
  | 'sum'
  | 'min'
  | 'max'
  | 'avg'
  | 'count'
  | 'topk'
  | 'bottomk'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'count_values'
  | 'quantile';

export const FUNCTION_NAMES = [
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'predict_linear',
  'changes',
  'resets',
  'time',
  'timestamp',
  'absent',
  'absent_over_time',
  'clamp',
  'clamp_min',
  'clamp_max',
  'abs',
  'ceil',
  'floor',
  'round',
  'sqrt',
  'label_replace',
  'label_join',
  'vector',
  'scalar',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'quantile_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'present_over_time',
  'holt_winters',
  'exp',
  'ln',
  'log2',
  'log10',
  'sgn',
  'sort',
  'sort_desc',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'deg',
  'rad',
  'pi',
  'minute',
  'hour',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'month',
  'year',
  'histogram_quantile',
  // Native-histogram functions: with classic (float) series only they return nothing, as in Prometheus.
  'histogram_count',
  'histogram_sum',
  'histogram_fraction',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface NumberLiteral {
  kind: 'number';
  value: number;
}
export interface StringLiteral {
  kind: 'string';
  value: string;
}
/** The `@` modifier: a fixed time (ms), or the query's start()/end() (both the evaluation time for rules). */
export type AtModifier = { ms: number } | 'start' | 'end' | null;

export interface VectorSelector {
  kind: 'vectorSelector';
  /** All matchers, including `__name__="..."` when the metric name was written outside the braces. */
  matchers: Matcher[];
  offsetMs: number;
  at: AtModifier;
}
export interface MatrixSelector {
  kind: 'matrixSelector';
  selector: VectorSelector;
  rangeMs: number;
}
/** `expr[range:step]`: expr evaluated at every step-aligned time in the range; stepMs 0 = the default interval. */
export interface SubqueryExpr {
  kind: 'subquery';
  expr: Expr;
  rangeMs: number;
  stepMs: number;
  offsetMs: number;
  at: AtModifier;
}
export interface UnaryExpr {
  kind: 'unary';
  op: '+' | '-';
  expr: Expr;
}
export interface VectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** true for on(...), false for ignoring(...) (and for no modifier at all). */
  on: boolean;
  labels: string[];
  /** Extra labels copied from the "one" side by group_left(...)/group_right(...). */
  include: string[];
}
export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  /** Only set when both sides are instant vectors. */
  matching: VectorMatching | null;
}
export interface AggregateExpr {
  kind: 'aggregate';
  op: AggregateOp;
  expr: Expr;
  param: Expr | null;
  grouping: string[];
  without: boolean;
}
export interface CallExpr {
  kind: 'call';
  func: FunctionName;
  args: Expr[];
}
export interface ParenExpr {
  kind: 'paren';
  expr: Expr;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | CallExpr
  | ParenExpr;
