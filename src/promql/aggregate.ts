// Aggregation operators (sum min max avg count topk bottomk) with by/without grouping, as Prometheus computes them.
import type { Labels } from '../collect/model.js';
import type { AggregateOp } from './ast.js';
import { evalError } from './errors.js';
import { keepOnly, keyWith, keyWithout, METRIC_NAME, without } from './labels.js';
import type { Sample } from './values.js';

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
  param: number,
): Sample[] {
  let k = 0;
  if (op === 'topk' || op === 'bottomk') {
    if (!Number.isFinite(param) || Math.abs(param) >= 2 ** 63) throw evalError(`Scalar value ${param} overflows int64`);
    k = Math.trunc(param);
    if (k < 1) return [];
  }
  const sorted = [...grouping].sort();
  const excluded = new Set([METRIC_NAME, ...grouping]);
  const keyOf = isWithout ? (l: Labels) => keyWithout(l, excluded) : (l: Labels) => keyWith(l, sorted);
  const groups = new Map<string, Group>();
  for (const s of samples) {
    const key = keyOf(s.metric);
    const group = groups.get(key);
    if (!group) {
      const labels = isWithout ? without(s.metric, excluded) : keepOnly(s.metric, grouping);
      groups.set(key, { labels, value: s.value, mean: s.value, count: 1, members: [s] });
      continue;
    }
    accumulate(op, group, s);
  }
  const out: Sample[] = [];
  for (const g of groups.values()) {
    if (op === 'topk' || op === 'bottomk') out.push(...selectK(g.members, k, op === 'topk'));
    else out.push({ metric: g.labels, value: op === 'avg' ? g.mean : op === 'count' ? g.count : g.value });
  }
  return out;
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
      g.count++;
      break;
    case 'topk':
    case 'bottomk':
      g.members.push(s);
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
