// Public surface of the PromQL subset engine.
export type { Labels } from '../collect/model.js';
export type { Expr, Matcher, Point, Series, SeriesSource, ValueType } from './ast.js';
export { PromqlError } from './errors.js';
export { parsePromql } from './parse.js';
export { SampleStore } from './store.js';
export { STALE_NAN, isStaleNaN } from './stale.js';
export { evaluateInstant, QueryTimeoutError, type QueryValue } from './evaluate.js';
export { LOOKBACK_DELTA_MS } from './selectors.js';
export { lookbackNeededMs, selectorLookbacks, type SelectorLookback } from './selector-lookback.js';
export { formatPromValue, formatGoFloat } from './format.js';
export { expandSeriesNotation, parseSeriesLabels } from './notation.js';
export { typeOf } from './types.js';
export { anchoredRegex, labelsMatch, matcherMatches } from './matchers.js';
export { walkExpr, metricNamesRead, nameMatches, type MetricNameFilter, type NameConstraint } from './walk.js';
export { EvalMemo } from './memo.js';
