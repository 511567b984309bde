// Our own small PromQL AST: only the supported subset exists here, so the evaluator never meets anything else.
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

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export type AggregateOp = 'sum' | 'min' | 'max' | 'avg' | 'count' | 'topk' | 'bottomk';

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
export interface VectorSelector {
  kind: 'vectorSelector';
  /** All matchers, including `__name__="..."` when the metric name was written outside the braces. */
  matchers: Matcher[];
  offsetMs: number;
}
export interface MatrixSelector {
  kind: 'matrixSelector';
  selector: VectorSelector;
  rangeMs: number;
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
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | CallExpr
  | ParenExpr;
