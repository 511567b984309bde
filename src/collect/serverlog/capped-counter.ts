// A labelled counter whose label sets are admitted first come, first served up to a cap; later ones are summed into
// one series whose capped labels read "__other__". Admission never changes, so every series stays monotonic (a
// ranking that changed over time would move counts between series). The cap keeps cardinality bounded the way the
// collectors' max_series does; `folded` counts the increments that went to the "__other__" series.
import type { Labels, MetricFamily, Sample } from '../model.js';

export const OTHER = '__other__';

export class CappedCounter {
  private readonly series = new Map<string, { labels: Labels; value: number }>();
  private admitted = 0;
  folded = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly maxSeries: number,
    /** Labels replaced by "__other__" beyond the cap (the others, such as severity, are kept). */
    private readonly cappedLabels: readonly string[],
  ) {}

  add(labels: Record<string, string | undefined>, value = 1): void {
    const clean = withoutEmpty(labels);
    let key = seriesKey(clean);
    let entry = this.series.get(key);
    if (!entry) {
      if (this.admitted >= this.maxSeries) {
        const folded: Record<string, string> = { ...clean };
        for (const name of this.cappedLabels) if (name in folded) folded[name] = OTHER;
        key = seriesKey(folded);
        entry = this.series.get(key);
        this.folded += value;
        if (!entry) {
          entry = { labels: folded, value: 0 };
          this.series.set(key, entry);
        }
      } else {
        this.admitted += 1;
        entry = { labels: clean, value: 0 };
        this.series.set(key, entry);
      }
    }
    entry.value += value;
  }

  get total(): number {
    let sum = 0;
    for (const s of this.series.values()) sum += s.value;
    return sum;
  }

  family(): MetricFamily {
    const samples: Sample[] = [...this.series.values()].map((s) => ({ labels: s.labels, value: s.value }));
    return { name: this.name, help: this.help, type: 'counter', samples };
  }
}

/** A label with an empty value is no label (Prometheus). */
function withoutEmpty(labels: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** In insertion order: every caller of a counter passes its labels in one fixed order. */
function seriesKey(labels: Record<string, string>): string {
  let key = '';
  for (const k in labels) key += `${k}\u0000${labels[k]}\u0001`;
  return key;
}
