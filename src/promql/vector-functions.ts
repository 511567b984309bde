// Instant-vector functions beyond simple value maps: sort, histogram_quantile, holt_winters' smoothing.
import { bucketQuantile, type Bucket } from './quantile.js';
import { labelsKey, METRIC_NAME, without } from './labels.js';
import { parseGoFloat } from './math-functions.js';
import type { Point } from './ast.js';
import { evalError } from './errors.js';
import type { Sample } from './values.js';

/** sort/sort_desc: by value, NaN last in both directions (ties keep their order). */
export function sortByValue(samples: Sample[], descending: boolean): Sample[] {
  return [...samples].sort((a, b) => {
    const an = Number.isNaN(a.value);
    const bn = Number.isNaN(b.value);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return descending ? b.value - a.value : a.value - b.value;
  });
}

/** histogram_quantile over classic buckets: series grouped by all labels but `le`, the result without name and `le`. */
export function histogramQuantile(q: number, samples: Sample[]): Sample[] {
  const groups = new Map<string, { metric: Sample['metric']; buckets: Bucket[] }>();
  for (const s of samples) {
    const upperBound = parseGoFloat(s.metric.le ?? '');
    if (upperBound === null) continue;
    const key = labelsKey(without(s.metric, ['le']));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { metric: without(s.metric, [METRIC_NAME, 'le']), buckets: [] }));
    group.buckets.push({ upperBound, count: s.value });
  }
  return [...groups.values()].map((g) => ({ metric: g.metric, value: bucketQuantile(q, g.buckets) }));
}

/** Go's %f: six decimals (Inf and NaN spelled as Go spells them). */
function goFixed6(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : v.toFixed(6);
}

/** holt_winters (double exponential smoothing) with smoothing factor sf and trend factor tf, both in (0, 1). */
export function holtWinters(points: readonly Point[], sf: number, tf: number): number | null {
  if (sf <= 0 || sf >= 1) throw evalError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${goFixed6(sf)}`);
  if (tf <= 0 || tf >= 1) throw evalError(`invalid trend factor. Expected: 0 < tf < 1, got: ${goFixed6(tf)}`);
  if (points.length < 2) return null;
  let s0 = 0;
  let s1 = (points[0] as Point).v;
  let b = (points[1] as Point).v - s1;
  for (let i = 1; i < points.length; i++) {
    const x = sf * (points[i] as Point).v;
    if (i - 1 !== 0) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}
