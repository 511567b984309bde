// Label-set helpers shared by the store and the evaluator: canonical keys, name dropping, keep/drop subsets.
import { sortedLabelNames, type Labels } from '../collect/model.js';

export const METRIC_NAME = '__name__';
const SEP = '\xff';

/**
 * Per label-set object, its key and its copy without __name__. The evaluator passes the store's label objects (which
 * live as long as their series) through selectors and functions unchanged, so a rule round over a fleet's tens of
 * thousands of series computes these once per series instead of once per rule and node. Label sets are never
 * mutated once built (Labels is read-only), which is what makes caching by identity sound.
 */
const keys = new WeakMap<Labels, string>();
const withoutName = new WeakMap<Labels, Labels>();

/** A canonical string for a label set (sorted by name); equal label sets give equal keys. Empty values are ignored. */
export function labelsKey(labels: Labels): string {
  let key = keys.get(labels);
  if (key === undefined) keys.set(labels, (key = computeLabelsKey(labels)));
  return key;
}

/** labelsKey without the cache, for label sets seen once (a scrape's samples on their way into the store). */
export function computeLabelsKey(labels: Labels): string {
  const names = sortedLabelNames(labels);
  let key = '';
  for (const n of names) {
    const v = labels[n] as string;
    if (v !== '') key += n + SEP + v + SEP;
  }
  return key;
}

/** The key of only the named labels (`on(...)`, `by(...)`); a missing label counts as "". */
export function keyWith(labels: Labels, names: readonly string[]): string {
  let key = '';
  for (const n of names) key += (labels[n] ?? '') + SEP;
  return key;
}

/** The key of all labels except the named ones (`ignoring(...)`, `without(...)`). `excluded` must be a Set. */
export function keyWithout(labels: Labels, excluded: ReadonlySet<string>): string {
  let absent = true;
  for (const n of excluded) if (labels[n] !== undefined && labels[n] !== '') absent = false;
  // The common case (a name-less sample matched `ignoring` nothing else): the set's own, cached key.
  if (absent) return labelsKey(labels);
  const names = sortedLabelNames(labels);
  let key = '';
  for (const n of names) {
    const v = labels[n] as string;
    if (v !== '' && !excluded.has(n)) key += n + SEP + v + SEP;
  }
  return key;
}

/** The label set without empty values: in Prometheus a label with an empty value is no label at all. */
export function nonEmptyLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const n of Object.keys(labels)) {
    const v = labels[n] as string;
    if (v !== '') out[n] = v;
  }
  return out;
}

export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  let out = withoutName.get(labels);
  if (out === undefined) {
    const copy: Record<string, string> = { ...labels };
    delete copy[METRIC_NAME];
    withoutName.set(labels, (out = copy));
  }
  return out;
}

export function keepOnly(labels: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined && v !== '') out[n] = v;
  }
  return out;
}

export function without(labels: Labels, names: Iterable<string>): Labels {
  const out: Record<string, string> = { ...labels };
  for (const n of names) delete out[n];
  return out;
}

/** Labels with a value set (or removed when the value is empty, as Prometheus treats "" as absent). */
export function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...labels };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

/** Prometheus's labels.String(): `{__name__="up", a="1"}`, all labels sorted by name (used in error messages). */
export function formatLabels(labels: Labels): string {
  const rest = Object.keys(labels)
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`)
    .join(', ');
  return `{${rest}}`;
}
