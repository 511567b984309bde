// Functions over range vectors (one series' points in the window), following Prometheus's functions.go.
import type { Point } from './ast.js';
import { kahanAdd, kahanTotal, type KahanState } from './kahan.js';

export interface RangeWindow {
  /** Evaluation time (ms). */
  evalT: number;
  /** The window [start, end] after applying the offset (ms). */
  start: number;
  end: number;
  rangeMs: number;
}

/**
 * rate/increase/delta: the increase between the first and last sample (with counter resets added back when
 * `isCounter`), extrapolated towards the window edges when the samples reach close enough to them.
 */
export function extrapolatedRate(
  points: readonly Point[],
  w: RangeWindow,
  isCounter: boolean,
  isRate: boolean,
): number | null {
  if (points.length < 2) return null;
  const first = points[0] as Point;
  const last = points[points.length - 1] as Point;
  let result = last.v - first.v;
  if (isCounter) {
    let prev = first.v;
    for (let i = 1; i < points.length; i++) {
      const cur = (points[i] as Point).v;
      if (cur < prev) result += prev;
      prev = cur;
    }
  }
  let durationToStart = (first.t - w.start) / 1000;
  const durationToEnd = (w.end - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageInterval = sampledInterval / (points.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    // A counter cannot go below zero: do not extrapolate further back than where it would have been 0.
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  // Extrapolate to an edge only when the samples come within 1.1 average intervals of it; else assume half an interval.
  const threshold = averageInterval * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageInterval / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageInterval / 2;
  let factor = extrapolateTo / sampledInterval;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

/** irate/idelta: from the last two samples only. */
export function instantValue(points: readonly Point[], isRate: boolean): number | null {
  if (points.length < 2) return null;
  const last = points[points.length - 1] as Point;
  const prev = points[points.length - 2] as Point;
  let result = isRate && last.v < prev.v ? last.v : last.v - prev.v;
  const interval = last.t - prev.t;
  if (interval === 0) return null;
  if (isRate) result /= interval / 1000;
  return result;
}

/** Least-squares fit; x is seconds relative to `interceptTime`. */
export function linearRegression(
  points: readonly Point[],
  interceptTime: number,
): { slope: number; intercept: number } {
  const sx: KahanState = { sum: 0, c: 0 };
  const sy: KahanState = { sum: 0, c: 0 };
  const sxy: KahanState = { sum: 0, c: 0 };
  const sx2: KahanState = { sum: 0, c: 0 };
  const initY = (points[0] as Point).v;
  let constY = true;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    if (constY && i > 0 && p.v !== initY) constY = false;
    const x = (p.t - interceptTime) / 1000;
    kahanAdd(sx, x);
    kahanAdd(sy, p.v);
    kahanAdd(sxy, x * p.v);
    kahanAdd(sx2, x * x);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return { slope: NaN, intercept: NaN };
    return { slope: 0, intercept: initY };
  }
  const n = points.length;
  const sumX = sx.sum + sx.c;
  const sumY = sy.sum + sy.c;
  const sumXY = sxy.sum + sxy.c;
  const sumX2 = sx2.sum + sx2.c;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}

export function countChanges(points: readonly Point[]): number {
  let changes = 0;
  for (let i = 1; i < points.length; i++) {
    const prev = (points[i - 1] as Point).v;
    const cur = (points[i] as Point).v;
    if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) changes++;
  }
  return changes;
}

export function countResets(points: readonly Point[]): number {
  let resets = 0;
  for (let i = 1; i < points.length; i++) if ((points[i] as Point).v < (points[i - 1] as Point).v) resets++;
  return resets;
}

export function avgOverTime(points: readonly Point[]): number {
  const mean: KahanState = { sum: 0, c: 0 };
  let count = 0;
  for (const p of points) {
    count++;
    if (!Number.isFinite(mean.sum) && !Number.isNaN(mean.sum)) {
      if (!Number.isFinite(p.v) && !Number.isNaN(p.v) && mean.sum > 0 === p.v > 0) continue;
      if (Number.isFinite(p.v)) continue;
    }
    kahanAdd(mean, p.v / count - mean.sum / count);
  }
  return kahanTotal(mean);
}

export function sumOverTime(points: readonly Point[]): number {
  const sum: KahanState = { sum: 0, c: 0 };
  for (const p of points) kahanAdd(sum, p.v);
  return kahanTotal(sum);
}

export function minOverTime(points: readonly Point[]): number {
  let min = (points[0] as Point).v;
  for (const p of points) if (p.v < min || Number.isNaN(min)) min = p.v;
  return min;
}

export function maxOverTime(points: readonly Point[]): number {
  let max = (points[0] as Point).v;
  for (const p of points) if (p.v > max || Number.isNaN(max)) max = p.v;
  return max;
}

/** stdvar_over_time (and stddev as its root): Welford's update with Kahan-compensated mean and sum of squares. */
export function stdvarOverTime(points: readonly Point[]): number {
  let count = 0;
  const mean: KahanState = { sum: 0, c: 0 };
  const aux: KahanState = { sum: 0, c: 0 };
  for (const p of points) {
    count++;
    const delta = p.v - (mean.sum + mean.c);
    kahanAdd(mean, delta / count);
    kahanAdd(aux, delta * (p.v - (mean.sum + mean.c)));
  }
  return (aux.sum + aux.c) / count;
}
