// Aggregation operators with by/without grouping, as Prometheus 2.42's engine computes them (aggregation()).
import type { Labels } from '../collect/model.js';
import type { AggregateOp } from './ast.js';
import { evalError } from './errors.js';
import { keepOnly, keyWith, keyWithout, METRIC_NAME, without } from './labels.js';
import type { Sample } from './values.js';
import { formatGoFixed, formatGoFloat } from './format.js';
import { quantile } from './quantile.js';

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  members: Sample[];
}

export function aggregate(
  op: AggregateOp,
  samples: Sample[],
  grouping: string[],
  isWithout: boolean,
  param: number | string,
): Sample[] {
  let k = 0;
  if (op === 'topk' || op === 'bottomk') {
    const p = param as number;
    if (!Number.isFinite(p) || Math.abs(p) >= 2 ** 63)
      throw evalError(`Scalar value ${formatGoFloat(p)} overflows int64`);
    k = Math.trunc(p);
    if (k < 1) return [];
  }
  let input = samples;
  let groupBy = grouping;
  if (op === 'count_values') {
    const label = param as string;
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw evalError(`invalid label name ${JSON.stringify(label)}`);
    input = samples.map((s) => ({ metric: { ...s.metric, [label]: formatGoFixed(s.value) }, value: s.value }));
    if (!isWithout) groupBy = [...grouping, label];
  }
  const sorted = [...groupBy].sort();
  const excluded = new Set([METRIC_NAME, ...groupBy]);
  const keyOf = isWithout ? (l: Labels) => keyWithout(l, excluded) : (l: Labels) => keyWith(l, sorted);
  const groups = new Map<string, Group>();
  for (const s of input) {
    const key = keyOf(s.metric);
    const group = groups.get(key);
    if (!group) {
      const labels = isWithout ? without(s.metric, excluded) : keepOnly(s.metric, groupBy);
      const value = op === 'stddev' || op === 'stdvar' ? 0 : op === 'group' ? 1 : s.value;
      groups.set(key, { labels, value, mean: s.value, count: 1, members: [s] });
      continue;
    }
    accumulate(op, group, s);
  }
  const out: Sample[] = [];
  for (const g of groups.values()) {
    if (op === 'topk' || op === 'bottomk') out.push(...selectK(g.members, k, op === 'topk'));
    else out.push({ metric: g.labels, value: result(op, g, param) });
  }
  return out;
}

function result(op: AggregateOp, g: Group, param: number | string): number {
  switch (op) {
    case 'avg':
      return g.mean;
    case 'count':
    case 'count_values':
      return g.count;
    case 'stdvar':
      return g.value / g.count;
    case 'stddev':
      return Math.sqrt(g.value / g.count);
    case 'quantile':
      return quantile(
        param as number,
        g.members.map((m) => m.value),
      );
    default:
      return g.value;
  }
}

function isInfinite(v: number): boolean {
  return v === Infinity || v === -Infinity;
}

function accumulate(op: AggregateOp, g: Group, s: Sample): void {
  const v = s.value;
  switch (op) {
    case 'sum':
      g.value += v;
      break;
    case 'avg':
      g.count++;
      // Incremental mean (avoids overflow). Like Prometheus, an infinite mean is kept unless the new value is NaN
      // or the opposite infinity, because Inf - Inf would turn it into NaN.
      if (!isInfinite(g.mean) || Number.isNaN(v) || (isInfinite(v) && g.mean > 0 !== v > 0)) {
        g.mean += v / g.count - g.mean / g.count;
      }
      break;
    case 'max':
      if (g.value < v || Number.isNaN(g.value)) g.value = v;
      break;
    case 'min':
      if (g.value > v || Number.isNaN(g.value)) g.value = v;
      break;
    case 'count':
    case 'count_values':
      g.count++;
      break;
    case 'stddev':
    case 'stdvar': {
      g.count++;
      const delta = v - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (v - g.mean);
      break;
    }
    case 'topk':
    case 'bottomk':
    case 'quantile':
      g.members.push(s);
      break;
    case 'group':
      break;
  }
}

/** The k best members, best first; NaN ranks last in both directions, ties keep input order. */
function selectK(members: Sample[], k: number, top: boolean): Sample[] {
  const ranked = members
    .map((s, i) => ({ s, i }))
    .sort((a, b) => {
      const an = Number.isNaN(a.s.value);
      const bn = Number.isNaN(b.s.value);
      if (an || bn) return an === bn ? a.i - b.i : an ? 1 : -1;
      const d = top ? b.s.value - a.s.value : a.s.value - b.s.value;
      return d !== 0 && !Number.isNaN(d) ? d : a.i - b.i;
    });
  return ranked.slice(0, k).map(({ s }) => ({ metric: s.metric, value: s.value }));
}
