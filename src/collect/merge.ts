import { sortedLabelNames, type Labels, type MetricFamily, type Sample } from './model.js';

export interface MergeResult {
  families: MetricFamily[];
  /** One message per dropped duplicate (a family redeclared with another type, or a repeated label set). */
  dropped: string[];
}

function seriesKey(labels: Labels, names: readonly string[]): string {
  let key = '';
  for (const name of names) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

/**
 * Series keys for one merge. A row's samples share one label object across its families (row-mapping), so a key is
 * built once per object, not once per sample: 1,000 keys instead of 29,000 for the table collector's 1,000 rows. The
 * sorted names are worked out again only when a label set's names differ from the previous one's.
 */
function seriesKeyer(): (labels: Labels) => string {
  let names: readonly string[] = [];
  const keys = new Map<Labels, string>();
  return (labels) => {
    let key = keys.get(labels);
    if (key === undefined) {
      if (!sameNames(labels, names)) names = sortedLabelNames(labels);
      key = seriesKey(labels, names);
      keys.set(labels, key);
    }
    return key;
  };
}

function sameNames(labels: Labels, names: readonly string[]): boolean {
  let count = 0;
  for (const name in labels) {
    if (!names.includes(name)) return false;
    count += 1;
  }
  return count === names.length;
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
  const keyOf = seriesKeyer();
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
        const key = keyOf(sample.labels);
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
