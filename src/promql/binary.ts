// Binary operators with Prometheus semantics: scalar/scalar, vector/scalar and vector/vector with on/ignoring,
// group_left/group_right, bool, and the set operators and/or/unless.
import type { Labels } from '../collect/model.js';
import type { ArithmeticOp, BinaryExpr, BinaryOp, VectorMatching } from './ast.js';
import { evalError } from './errors.js';
import {
  dropMetricName,
  formatLabels,
  keepOnly,
  keyWith,
  keyWithout,
  labelsKey,
  METRIC_NAME,
  without,
} from './labels.js';
import { assertUniqueLabelsets, type Sample, type Value } from './values.js';

const ARITHMETIC = new Set<BinaryOp>(['+', '-', '*', '/', '%', '^', 'atan2']);
/** Prometheus 2.x's shouldDropMetricName: atan2 keeps the metric name. */
const DROPS_NAME = new Set<BinaryOp>(['+', '-', '*', '/', '%', '^']);

/** Go's math.Pow, which differs from Math.pow where the base is ±1: 1^NaN = 1 and (-1)^±Inf = 1. */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** Go's math.Mod: the result has the sign of the dividend (JavaScript's % agrees, including NaN cases). */
function arithmetic(op: ArithmeticOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    case '^':
      return goPow(l, r);
    case 'atan2':
      return Math.atan2(l, r);
  }
}

function compare(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '>':
      return l > r;
    case '<':
      return l < r;
    case '>=':
      return l >= r;
    default:
      return l <= r;
  }
}

/** The value of `l op r` and whether a comparison kept the element (arithmetic always keeps it). */
function elementOp(op: BinaryOp, l: number, r: number): { value: number; keep: boolean } {
  if (ARITHMETIC.has(op)) return { value: arithmetic(op as ArithmeticOp, l, r), keep: true };
  return { value: l, keep: compare(op, l, r) };
}

export function evalBinary(expr: BinaryExpr, lhs: Value, rhs: Value): Value {
  if (lhs.type === 'scalar' && rhs.type === 'scalar') {
    const { value, keep } = elementOp(expr.op, lhs.value, rhs.value);
    return { type: 'scalar', value: ARITHMETIC.has(expr.op) ? value : keep ? 1 : 0 };
  }
  if (lhs.type === 'vector' && rhs.type === 'vector') {
    const matching = expr.matching as VectorMatching;
    const out =
      setOperation(expr.op, lhs.samples, rhs.samples, matching) ??
      vectorBinop(expr.op, lhs.samples, rhs.samples, matching, expr.returnBool);
    assertUniqueLabelsets(out);
    return { type: 'vector', samples: out };
  }
  const vectorOnLeft = lhs.type === 'vector';
  const vector = (vectorOnLeft ? lhs : rhs) as { type: 'vector'; samples: Sample[] };
  const scalar = (vectorOnLeft ? rhs : lhs) as { type: 'scalar'; value: number };
  const out = vectorScalar(expr.op, vector.samples, scalar.value, !vectorOnLeft, expr.returnBool);
  assertUniqueLabelsets(out);
  return { type: 'vector', samples: out };
}

function vectorScalar(
  op: BinaryOp,
  samples: Sample[],
  scalar: number,
  scalarOnLeft: boolean,
  returnBool: boolean,
): Sample[] {
  const out: Sample[] = [];
  const dropName = DROPS_NAME.has(op) || returnBool;
  for (const s of samples) {
    const [l, r] = scalarOnLeft ? [scalar, s.value] : [s.value, scalar];
    let { value, keep } = elementOp(op, l, r);
    // A comparison filters vector elements but always keeps the vector's value, whichever side it is on.
    if (!ARITHMETIC.has(op) && scalarOnLeft) value = r;
    if (returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (keep) out.push({ metric: dropName ? dropMetricName(s.metric) : s.metric, value });
  }
  return out;
}

function signatureFn(matching: VectorMatching): (labels: Labels) => string {
  if (matching.on) {
    const names = [...matching.labels].sort();
    return (labels) => keyWith(labels, names);
  }
  const excluded = new Set([METRIC_NAME, ...matching.labels]);
  return (labels) => keyWithout(labels, excluded);
}

function setOperation(op: BinaryOp, lhs: Sample[], rhs: Sample[], matching: VectorMatching): Sample[] | null {
  if (op !== 'and' && op !== 'or' && op !== 'unless') return null;
  const sig = signatureFn(matching);
  if (op === 'or') {
    const leftSigs = new Set(lhs.map((s) => sig(s.metric)));
    return [...lhs, ...rhs.filter((s) => !leftSigs.has(sig(s.metric)))];
  }
  if (op === 'and' && (lhs.length === 0 || rhs.length === 0)) return [];
  const rightSigs = new Set(rhs.map((s) => sig(s.metric)));
  return lhs.filter((s) => rightSigs.has(sig(s.metric)) === (op === 'and'));
}

function matchedLabels(labels: Labels, matching: VectorMatching): Labels {
  return matching.on ? keepOnly(labels, matching.labels) : without(labels, [METRIC_NAME, ...matching.labels]);
}

function resultMetric(many: Labels, one: Labels, op: BinaryOp, matching: VectorMatching, returnBool: boolean): Labels {
  let metric = DROPS_NAME.has(op) || returnBool ? dropMetricName(many) : many;
  if (matching.card === 'one-to-one') {
    // Without `ignoring` labels the set stays as it is (the same object, so its cached key stays with it).
    if (matching.on) metric = keepOnly(metric, matching.labels);
    else if (matching.labels.some((n) => n in metric)) metric = without(metric, matching.labels);
  }
  if (matching.include.length > 0) {
    const out: Record<string, string> = { ...metric };
    for (const name of matching.include) {
      const v = one[name];
      if (v !== undefined && v !== '') out[name] = v;
      else delete out[name];
    }
    metric = out;
  }
  return metric;
}

function vectorBinop(
  op: BinaryOp,
  lhs: Sample[],
  rhs: Sample[],
  matching: VectorMatching,
  returnBool: boolean,
): Sample[] {
  if (lhs.length === 0 || rhs.length === 0) return [];
  const sig = signatureFn(matching);
  const swapped = matching.card === 'one-to-many';
  const [manySide, oneSide] = swapped ? [rhs, lhs] : [lhs, rhs];
  const ones = new Map<string, Sample>();
  for (const s of oneSide) {
    const key = sig(s.metric);
    const dup = ones.get(key);
    if (dup) {
      throw evalError(
        `found duplicate series for the match group ${formatLabels(matchedLabels(s.metric, matching))} on the ` +
          `${swapped ? 'left' : 'right'} hand-side of the operation: [${formatLabels(s.metric)}, ${formatLabels(dup.metric)}]` +
          ';many-to-many matching not allowed: matching labels must be unique on one side',
      );
    }
    ones.set(key, s);
  }
  const matched = new Map<string, Set<string> | null>();
  const out: Sample[] = [];
  for (const s of manySide) {
    const key = sig(s.metric);
    const one = ones.get(key);
    if (!one) continue;
    const [l, r] = swapped ? [one.value, s.value] : [s.value, one.value];
    let { value, keep } = elementOp(op, l, r);
    if (returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    const metric = resultMetric(s.metric, one.metric, op, matching, returnBool);
    if (matching.card === 'one-to-one') {
      if (matched.has(key)) {
        throw evalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      }
      matched.set(key, null);
    } else {
      let inserted = matched.get(key);
      if (!inserted) matched.set(key, (inserted = new Set()));
      const metricKey = labelsKey(metric);
      if (inserted.has(metricKey))
        throw evalError('multiple matches for labels: grouping labels must ensure unique matches');
      inserted.add(metricKey);
    }
    out.push({ metric, value });
  }
  return out;
}
