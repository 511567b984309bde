// Feeds a test group's input series into the store as simulated time advances, as promtool's lazy loader does: the
// n-th value is at n × interval, `_` is no sample, `stale` a staleness marker; a series listed twice keeps the last.
import { labelsKey } from '../../promql/labels.js';
import type { SampleStore } from '../../promql/index.js';
import type { InputSeries } from './test-file.js';

export class SeriesLoader {
  private readonly pending: { series: InputSeries; next: number }[];

  constructor(
    series: readonly InputSeries[],
    private readonly intervalMs: number,
  ) {
    const byLabels = new Map<string, InputSeries>();
    for (const s of series) byLabels.set(labelsKey(s.labels), s);
    this.pending = [...byLabels.values()].map((s) => ({ series: s, next: 0 }));
  }

  /** Appends every sample at or before `timeMs` not appended yet. */
  appendTill(store: SampleStore, timeMs: number): void {
    for (const entry of this.pending) {
      const { labels, values } = entry.series;
      for (; entry.next < values.length && entry.next * this.intervalMs <= timeMs; entry.next++) {
        const value = values[entry.next];
        const t = entry.next * this.intervalMs;
        if (value === 'stale') store.appendStale(labels, t);
        else if (value !== null && value !== undefined) store.append(labels, t, value);
      }
    }
  }
}
