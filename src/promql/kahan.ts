// Neumaier-compensated summation, as Prometheus uses for *_over_time and regression sums.

export interface KahanState {
  sum: number;
  c: number;
}

export function kahanAdd(state: KahanState, inc: number): void {
  const t = state.sum + inc;
  if (Math.abs(state.sum) >= Math.abs(inc)) state.c += state.sum - t + inc;
  else state.c += inc - t + state.sum;
  state.sum = t;
}

/** The compensated total; an infinite sum is returned as is (the compensation would turn it into NaN). */
export function kahanTotal(state: KahanState): number {
  return Number.isFinite(state.sum) ? state.sum + state.c : state.sum;
}
