// Compact, growable point storage for one series: parallel typed arrays with a moving start (old points trimmed).

export class SeriesBuffer {
  private ts = new Float64Array(4);
  private vs = new Float64Array(4);
  private stale = new Uint8Array(4);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  lastTime(): number | undefined {
    return this.end > this.start ? this.ts[this.end - 1] : undefined;
  }

  /** Appends in time order; a sample at the same time as the last one replaces it, older ones are ignored. */
  push(t: number, v: number, isStale: boolean): boolean {
    const last = this.lastTime();
    if (last !== undefined && t < last) return false;
    if (last !== undefined && t === last) {
      this.vs[this.end - 1] = v;
      this.stale[this.end - 1] = isStale ? 1 : 0;
      return true;
    }
    if (this.end === this.ts.length) this.grow();
    this.ts[this.end] = t;
    this.vs[this.end] = v;
    this.stale[this.end] = isStale ? 1 : 0;
    this.end++;
    return true;
  }

  /** Drops points older than `minT`; returns how many were dropped. */
  trimBefore(minT: number): number {
    const before = this.length;
    this.start = this.lowerBound(minT);
    if (this.start === this.end) this.start = this.end = 0;
    else if (this.start > this.ts.length / 2 && this.ts.length > 64) this.compact();
    return before - this.length;
  }

  /** Index of the first point with time >= t. */
  private lowerBound(t: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ts[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Points with start <= t <= end, oldest first. */
  range(startT: number, endT: number): { t: number; v: number; stale?: boolean }[] {
    const out: { t: number; v: number; stale?: boolean }[] = [];
    for (let i = this.lowerBound(startT); i < this.end && (this.ts[i] as number) <= endT; i++) {
      const p: { t: number; v: number; stale?: boolean } = { t: this.ts[i] as number, v: this.vs[i] as number };
      if (this.stale[i] === 1) p.stale = true;
      out.push(p);
    }
    return out;
  }

  private grow(): void {
    const live = this.end - this.start;
    const size = live * 2 > this.ts.length ? this.ts.length * 2 : this.ts.length;
    this.resize(size);
  }

  private compact(): void {
    // Shrink to twice the live size so a series whose rate dropped gives memory back.
    let size = 4;
    while (size < this.length * 2) size *= 2;
    this.resize(size);
  }

  private resize(size: number): void {
    const ts = new Float64Array(size);
    const vs = new Float64Array(size);
    const stale = new Uint8Array(size);
    ts.set(this.ts.subarray(this.start, this.end));
    vs.set(this.vs.subarray(this.start, this.end));
    stale.set(this.stale.subarray(this.start, this.end));
    this.end -= this.start;
    this.start = 0;
    this.ts = ts;
    this.vs = vs;
    this.stale = stale;
  }
}
