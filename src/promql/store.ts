// In-memory sample history for rule evaluation: series indexed by metric name, each name bounded by its retention.
import type { Labels } from '../collect/model.js';
import type { Matcher, Point, Series, SeriesSource } from './ast.js';
import { computeLabelsKey, METRIC_NAME, nonEmptyLabels } from './labels.js';
import { labelsMatch, matcherMatches } from './matchers.js';
import { PointScratch, SeriesBuffer } from './series-buffer.js';
import { isStaleNaN } from './stale.js';

/** How long points are kept: one window for every metric, or one per metric name (src/rules/metric-retention.ts). */
export type Retention = number | ((metricName: string) => number);

/** The series of one metric name and how long that name's points are kept. */
interface NameGroup {
  readonly series: Map<string, StoredSeries>;
  retentionMs: number;
}

interface StoredSeries {
  readonly key: string;
  readonly labels: Labels;
  readonly buffer: SeriesBuffer;
  readonly group: NameGroup;
}

/** Series that stopped receiving samples are trimmed at least this often (writes trim the others). */
const MIN_SWEEP_EVERY_MS = 60_000;

export class SampleStore implements SeriesSource {
  private retention: Retention;
  private readonly byKey = new Map<string, StoredSeries>();
  private readonly byName = new Map<string, NameGroup>();
  /** Per scrape key, the series keys it reported last time (to write staleness markers for vanished series). */
  private readonly lastScrape = new Map<string, Set<string>>();
  private points = 0;
  private readonly scratch = new PointScratch();
  private newestT = -Infinity;
  private lastSweepT = -Infinity;

  constructor(opts: { retentionMs: Retention }) {
    this.retention = opts.retentionMs;
  }

  /**
   * A new retention (a rule reload): a longer one keeps every point still held; a shorter one drops older points as
   * samples arrive and at the next sweep.
   */
  setRetention(retention: Retention): void {
    this.retention = retention;
    for (const [name, group] of this.byName) group.retentionMs = this.retentionOf(name);
  }

  private retentionOf(name: string): number {
    return typeof this.retention === 'number' ? this.retention : this.retention(name);
  }

  /** How long a metric's points are kept. */
  retentionMsOf(name: string): number {
    return this.byName.get(name)?.retentionMs ?? this.retentionOf(name);
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
      return group ? [group.series] : [];
    }
    const nameOther = matchers.find((m) => m.name === METRIC_NAME);
    const out: Map<string, StoredSeries>[] = [];
    for (const [name, group] of this.byName) {
      if (!nameOther || matcherMatches(nameOther, name)) out.push(group.series);
    }
    return out;
  }

  private write(labels: Labels, t: number, v: number, stale: boolean): StoredSeries {
    const key = computeLabelsKey(labels);
    let s = this.byKey.get(key);
    if (!s) {
      const name = labels[METRIC_NAME] ?? '';
      let group = this.byName.get(name);
      if (!group) this.byName.set(name, (group = { series: new Map(), retentionMs: this.retentionOf(name) }));
      s = { key, labels: nonEmptyLabels(labels), buffer: new SeriesBuffer(), group };
      this.byKey.set(key, s);
      group.series.set(key, s);
    }
    const before = s.buffer.length;
    s.buffer.push(t, v, stale);
    this.points += s.buffer.length - before;
    this.points -= s.buffer.trimBefore(t - s.group.retentionMs);
    if (t > this.newestT) this.newestT = t;
    if (this.newestT - this.lastSweepT > this.sweepEveryMs()) this.sweep();
    return s;
  }

  /** A quarter of a single window (as before per-metric retention), else every minute. */
  private sweepEveryMs(): number {
    return typeof this.retention === 'number' ? Math.max(this.retention / 4, MIN_SWEEP_EVERY_MS) : MIN_SWEEP_EVERY_MS;
  }

  /** Trims series that stopped receiving samples and forgets the ones left empty. */
  private sweep(): void {
    this.lastSweepT = this.newestT;
    for (const [name, group] of this.byName) {
      const minT = this.newestT - group.retentionMs;
      for (const [key, s] of group.series) {
        this.points -= s.buffer.trimBefore(minT);
        if (s.buffer.length > 0) continue;
        this.byKey.delete(key);
        group.series.delete(key);
      }
      if (group.series.size === 0) this.byName.delete(name);
    }
  }
}
