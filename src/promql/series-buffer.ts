// Point storage for one series: parallel number arrays (V8 keeps them as unboxed doubles) with a moving start, so
// trimming old points is O(1) amortised. Staleness markers are rare, so their timestamps live in a separate list.
import type { Point } from './ast.js';

/**
 * Compact once this many trimmed slots sit at the front and they are more than half of the arrays (copying the live
 * points costs less than the pushes since the last compaction: O(1) amortised). Small, because most series keep ~22
 * points (5½ minutes at 15 s): at 256, each would carry up to 256 dead slots, 4 KiB, about 4× its live points.
 */
const COMPACT_AT = 32;

export class SeriesBuffer {
  private ts: number[] = [];
  private vs: number[] = [];
  /** Sorted timestamps of the staleness markers still in the buffer. */
  private staleAt: number[] = [];
  private start = 0;

  get length(): number {
    return this.ts.length - this.start;
  }

  /** Array slots held, trimmed ones included: what the buffer costs in memory (two doubles a slot). */
  get slots(): number {
    return this.ts.length;
  }

  /** Appends in time order; a sample at the same time as the last one replaces it, older ones are ignored. */
  push(t: number, v: number, isStale: boolean): void {
    const n = this.ts.length;
    const last = n > this.start ? (this.ts[n - 1] as number) : undefined;
    if (last !== undefined && t < last) return;
    if (last === t) {
      this.vs[n - 1] = v;
      const markedStale = this.staleAt[this.staleAt.length - 1] === t;
      if (markedStale && !isStale) this.staleAt.pop();
      if (!markedStale && isStale) this.staleAt.push(t);
      return;
    }
    this.ts.push(t);
    this.vs.push(v);
    if (isStale) this.staleAt.push(t);
  }

  /** Drops points older than `minT`; returns how many were dropped. */
  trimBefore(minT: number): number {
    const first = this.start < this.ts.length ? (this.ts[this.start] as number) : undefined;
    if (first === undefined || first >= minT) return 0;
    const before = this.length;
    this.start = this.lowerBound(minT);
    while (this.staleAt.length > 0 && (this.staleAt[0] as number) < minT) this.staleAt.shift();
    if (this.start === this.ts.length) {
      this.ts = [];
      this.vs = [];
      this.start = 0;
    } else if (this.start >= COMPACT_AT && this.start * 2 > this.ts.length) {
      this.ts = this.ts.slice(this.start);
      this.vs = this.vs.slice(this.start);
      this.start = 0;
    }
    return before - this.length;
  }

  /** Index of the first point with time >= t. */
  private lowerBound(t: number): number {
    let lo = this.start;
    let hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ts[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Points with startT <= t <= endT, oldest first. */
  range(startT: number, endT: number): Point[] {
    const out: Point[] = [];
    let s = 0;
    for (let i = this.lowerBound(startT); i < this.ts.length && (this.ts[i] as number) <= endT; i++) {
      const t = this.ts[i] as number;
      while (s < this.staleAt.length && (this.staleAt[s] as number) < t) s++;
      out.push(this.staleAt[s] === t ? { t, v: this.vs[i] as number, stale: true } : { t, v: this.vs[i] as number });
    }
    return out;
  }

  /**
   * The non-stale points with startT <= t <= endT into `scratch` (its objects are reused: valid until the next fill),
   * for range functions that read a window once and keep nothing of it. Returns how many.
   */
  fillWindow(startT: number, endT: number, scratch: PointScratch): number {
    let n = 0;
    let s = 0;
    for (let i = this.lowerBound(startT); i < this.ts.length && (this.ts[i] as number) <= endT; i++) {
      const t = this.ts[i] as number;
      while (s < this.staleAt.length && (this.staleAt[s] as number) < t) s++;
      if (this.staleAt[s] === t) continue;
      scratch.set(n++, t, this.vs[i] as number);
    }
    scratch.points.length = n;
    return n;
  }

  /** The newest point with startT <= t <= endT, if any. */
  latest(startT: number, endT: number): Point | undefined {
    const i = this.lowerBound(endT + 1) - 1;
    if (i < this.start || (this.ts[i] as number) < startT) return undefined;
    const t = this.ts[i] as number;
    return this.staleAt.includes(t) ? { t, v: this.vs[i] as number, stale: true } : { t, v: this.vs[i] as number };
  }
}

/**
 * Reused point objects for one window at a time (SeriesBuffer.fillWindow): a range function over 10,000 series of
 * 20 points would otherwise allocate 200,000 objects per rule, most of the rule round's garbage-collection time.
 */
export class PointScratch {
  readonly points: Point[] = [];
  private readonly pool: Point[] = [];

  set(i: number, t: number, v: number): void {
    let p = this.pool[i];
    if (!p) this.pool.push((p = { t, v }));
    p.t = t;
    p.v = v;
    this.points[i] = p;
  }
}
