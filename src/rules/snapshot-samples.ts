import type { Labels, Snapshot } from '../collect/model.js';

/**
 * Samples as a Prometheus scrape would store them: with __name__, instance (the target) and job; only the families
 * `keep` accepts (filtered before any object is built: most of a large snapshot is families no rule reads).
 */
export function snapshotSamples(
  snapshot: Snapshot,
  targetLabels: Labels,
  keep: (name: string) => boolean = () => true,
): { labels: Labels; value: number }[] {
  const out: { labels: Labels; value: number }[] = [];
  for (const family of snapshot.families) {
    if (!keep(family.name)) continue;
    for (const sample of family.samples) {
      out.push({
        labels: {
          ...targetLabels,
          ...sample.labels,
          __name__: family.name,
          instance: snapshot.target,
          job: 'pgwarden',
        },
        value: sample.value,
      });
    }
  }
  return out;
}
