import type { MetricFamily, Sample } from './model.js';

export interface MergeResult {
  families: MetricFamily[];
  /** One message per dropped duplicate (a family redeclared with another type, or a repeated label set). */
  dropped: string[];
}

function seriesKey(sample: Sample): string {
  const labels = sample.labels;
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
}

/**
 * Merges families from all collectors into one exposition-safe list: families of the same name are joined, a family
 * redeclared with another type is dropped, and a duplicate series keeps its first value. Never throws: a duplicate
 * must cost a warning, not the scrape.
 */
export function mergeFamilies(
  groups: ReadonlyArray<{ source: string; families: readonly MetricFamily[] }>,
): MergeResult {
  const byName = new Map<string, { family: MetricFamily; samples: Sample[]; keys: Set<string> }>();
  const dropped: string[] = [];
  for (const { source, families } of groups) {
    for (const family of families) {
      let entry = byName.get(family.name);
      if (!entry) {
        entry = { family, samples: [], keys: new Set() };
        byName.set(family.name, entry);
      } else if (entry.family.type !== family.type) {
        dropped.push(`${source}: ${family.name} redeclared as ${family.type} (was ${entry.family.type}); dropped`);
        continue;
      }
      let duplicates = 0;
      for (const sample of family.samples) {
        const key = seriesKey(sample);
        if (entry.keys.has(key)) {
          duplicates += 1;
          continue;
        }
        entry.keys.add(key);
        entry.samples.push(sample);
      }
      if (duplicates) dropped.push(`${source}: ${duplicates} duplicate series of ${family.name} dropped`);
    }
  }
  const families = [...byName.values()].map(({ family, samples }) => ({ ...family, samples }));
  return { families, dropped };
}
