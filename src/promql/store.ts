// In-memory sample history for rule evaluation: series indexed by metric name, bounded by a retention window.
import type { Labels } from '../collect/model.js';
import type { Matcher, Point, Series, SeriesSource } from './ast.js';
import { computeLabelsKey, METRIC_NAME, nonEmptyLabels } from './labels.js';
import { labelsMatch, matcherMatches } from './matchers.js';
import { PointScratch, SeriesBuffer } from './series-buffer.js';
import { isStaleNaN } from './stale.js';

interface StoredSeries {
  readonly key: string;
  readonly labels: Labels;
  readonly buffer: SeriesBuffer;
}

export class SampleStore implements SeriesSource {
  private retentionMs: number;
  private readonly byKey = new Map<string, StoredSeries>();
  private readonly byName = new Map<string, Map<string, StoredSeries>>();
  /** Per scrape key, the series keys it reported last time (to write staleness markers for vanished series). */
  private readonly lastScrape = new Map<string, Set<string>>();
  private points = 0;
  private readonly scratch = new PointScratch();
  private newestT = -Infinity;
  private lastSweepT = -Infinity;

  constructor(opts: { retentionMs: number }) {
    this.retentionMs = opts.retentionMs;
  }

  /** Raised when rules need longer ranges (see lookbackNeededMs); older points are dropped as samples arrive. */
  setRetention(ms: number): void {
    this.retentionMs = ms;
  }

  /** Appends one sample (labels include __name__); older-than-last samples are ignored, equal times replace. */
  append(labels: Labels, t: number, v: number): void {
    this.write(labels, t, v, isStaleNaN(v));
  }

  /** Writes a staleness marker: instant selectors see nothing for this series from `t` on. */
  appendStale(labels: Labels, t: number): void {
    this.write(labels, t, NaN, true);
  }

  /**
   * One scrape of one source (e.g. key = target): appends all samples at `t` and writes staleness markers for series
   * the same key reported last time but not now. Pass an empty list when the source failed, so that its series end,
   * as Prometheus does for a failed scrape.
   */
  appendScrape(key: string, samples: { labels: Labels; value: number }[], t: number): void {
    const seen = new Set<string>();
    for (const s of samples) seen.add(this.write(s.labels, t, s.value, isStaleNaN(s.value)).key);
    const previous = this.lastScrape.get(key);
    if (previous) {
      for (const k of previous) {
        const gone = seen.has(k) ? undefined : this.byKey.get(k);
        if (gone) this.write(gone.labels, t, NaN, true);
      }
    }
    this.lastScrape.set(key, seen);
  }

  stats(): { series: number; points: number } {
    return { series: this.byKey.size, points: this.points };
  }

  /** Fast path for instant selectors: only the newest point in [startMs, endMs] of each matching series. */
  selectLatest(matchers: Matcher[], startMs: number, endMs: number): { labels: Labels; point: Point }[] {
    const out: { labels: Labels; point: Point }[] = [];
    for (const group of this.candidates(matchers)) {
      for (const s of group.values()) {
        if (!labelsMatch(s.labels, matchers)) continue;
        const point = s.buffer.latest(startMs, endMs);
        if (point) out.push({ labels: s.labels, point });
      }
    }
    return out;
  }

  select(matchers: Matcher[], startMs: number, endMs: number): Series[] {
    const out: Series[] = [];
    for (const group of this.candidates(matchers)) {
      for (const s of group.values()) {
        if (!labelsMatch(s.labels, matchers)) continue;
        const points = s.buffer.range(startMs, endMs);
        if (points.length > 0) out.push({ labels: s.labels, points });
      }
    }
    return out;
  }

  /**
   * Fast path for range functions: each matching series' non-stale points in [startMs, endMs], one series at a time.
   * The points array and its objects are reused for the next series: `visit` must not keep them.
   */
  eachWindow(
    matchers: Matcher[],
    startMs: number,
    endMs: number,
    visit: (labels: Labels, points: readonly Point[]) => void,
  ): void {
    const scratch = this.scratch;
    for (const group of this.candidates(matchers)) {
      for (const s of group.values()) {
        if (!labelsMatch(s.labels, matchers)) continue;
        if (s.buffer.fillWindow(startMs, endMs, scratch) > 0) visit(s.labels, scratch.points);
      }
    }
  }

  /** Uses the metric-name index when a matcher constrains `__name__`, so selectors never scan every series. */
  private candidates(matchers: Matcher[]): Map<string, StoredSeries>[] {
    const nameEq = matchers.find((m) => m.name === METRIC_NAME && m.type === '=');
    if (nameEq) {
      const group = this.byName.get(nameEq.value);
      return group ? [group] : [];
    }
    const nameOther = matchers.find((m) => m.name === METRIC_NAME);
    const out: Map<string, StoredSeries>[] = [];
    for (const [name, group] of this.byName) {
      if (!nameOther || matcherMatches(nameOther, name)) out.push(group);
    }
    return out;
  }

  private write(labels: Labels, t: number, v: number, stale: boolean): StoredSeries {
    const key = computeLabelsKey(labels);
    let s = this.byKey.get(key);
    if (!s) {
      s = { key, labels: nonEmptyLabels(labels), buffer: new SeriesBuffer() };
      this.byKey.set(key, s);
      const name = labels[METRIC_NAME] ?? '';
      let group = this.byName.get(name);
      if (!group) this.byName.set(name, (group = new Map()));
      group.set(key, s);
    }
    const before = s.buffer.length;
    s.buffer.push(t, v, stale);
    this.points += s.buffer.length - before;
    this.points -= s.buffer.trimBefore(t - this.retentionMs);
    if (t > this.newestT) this.newestT = t;
    if (this.newestT - this.lastSweepT > Math.max(this.retentionMs / 4, 60_000)) this.sweep();
    return s;
  }

  /** Trims series that stopped receiving samples and forgets the ones left empty. */
  private sweep(): void {
    this.lastSweepT = this.newestT;
    const minT = this.newestT - this.retentionMs;
    for (const [key, s] of this.byKey) {
      this.points -= s.buffer.trimBefore(minT);
      if (s.buffer.length > 0) continue;
      this.byKey.delete(key);
      const name = s.labels[METRIC_NAME] ?? '';
      const group = this.byName.get(name);
      group?.delete(key);
      if (group && group.size === 0) this.byName.delete(name);
    }
  }
}
