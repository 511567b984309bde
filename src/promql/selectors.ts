// Instant and range selection against a SeriesSource, with Prometheus's lookback and staleness rules.
import type { Labels } from '../collect/model.js';
import type { Matcher, MatrixSelector, Point, VectorSelector } from './ast.js';
import type { SeriesSource } from './ast.js';
import { isStaleNaN } from './stale.js';
import type { RangeSeries, Sample } from './values.js';

export const LOOKBACK_DELTA_MS = 5 * 60_000;

/** Sources (like SampleStore) that can return just the newest point per series, sparing the whole window. */
interface LatestSource {
  selectLatest(matchers: Matcher[], startMs: number, endMs: number): { labels: Labels; point: Point }[];
}

/** Sources (like SampleStore) that can hand range functions one series' window at a time, without copies. */
interface WindowSource {
  eachWindow(
    matchers: Matcher[],
    startMs: number,
    endMs: number,
    visit: (labels: Labels, points: readonly Point[]) => void,
  ): void;
}

function hasWindows(source: SeriesSource): source is SeriesSource & WindowSource {
  return typeof (source as Partial<WindowSource>).eachWindow === 'function';
}

function hasLatest(source: SeriesSource): source is SeriesSource & LatestSource {
  return typeof (source as Partial<LatestSource>).selectLatest === 'function';
}

/** Prometheus marks staleness with a flagged point (our store) or the StaleNaN bit pattern (other sources). */
function isStale(p: Point): boolean {
  return p.stale === true || isStaleNaN(p.v);
}

/**
 * The newest sample of each series at most 5 minutes older than the evaluation time (minus offset). A staleness
 * marker as newest sample means the series has ended, so it yields nothing.
 */
export function selectInstant(source: SeriesSource, sel: VectorSelector, evalT: number): Sample[] {
  const ref = evalT - sel.offsetMs;
  const out: Sample[] = [];
  if (hasLatest(source)) {
    for (const { labels, point } of source.selectLatest(sel.matchers, ref - LOOKBACK_DELTA_MS, ref)) {
      if (!isStale(point)) out.push({ metric: labels, value: point.v, t: point.t });
    }
    return out;
  }
  for (const s of source.select(sel.matchers, ref - LOOKBACK_DELTA_MS, ref)) {
    const last = s.points[s.points.length - 1];
    if (!last || isStale(last) || last.t > ref) continue;
    out.push({ metric: s.labels, value: last.v, t: last.t });
  }
  return out;
}

/**
 * Each series' non-stale samples within [evalT - offset - range, evalT - offset] (closed, as in Prometheus 2.x), one
 * series at a time; series without any are skipped. `visit` must not keep the points (a store reuses them).
 */
export function eachRange(
  source: SeriesSource,
  sel: MatrixSelector,
  evalT: number,
  visit: (metric: Labels, points: readonly Point[]) => void,
): void {
  const end = evalT - sel.selector.offsetMs;
  const start = end - sel.rangeMs;
  if (hasWindows(source)) return source.eachWindow(sel.selector.matchers, start, end, visit);
  for (const s of source.select(sel.selector.matchers, start, end)) {
    const points = s.points.filter((p) => !isStale(p) && p.t >= start && p.t <= end);
    if (points.length > 0) visit(s.labels, points);
  }
}

/** The same windows as eachRange, copied out (a range vector as a query's result). */
export function selectRange(source: SeriesSource, sel: MatrixSelector, evalT: number): RangeSeries[] {
  const out: RangeSeries[] = [];
  eachRange(source, sel, evalT, (metric, points) =>
    out.push({ metric, points: points.map((p) => ({ t: p.t, v: p.v })) }),
  );
  return out;
}
