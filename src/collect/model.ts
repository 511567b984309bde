// The one data model every consumer reads: a Snapshot of typed metric families, produced by the sampler per target.

export type Labels = Readonly<Record<string, string>>;

export type MetricType = 'gauge' | 'counter' | 'untyped';

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

/** Everything one collection cycle learned about one target. */
export interface Snapshot {
  /** The target's configured name; becomes the `instance` label in the rule store. */
  readonly target: string;
  /** Wall-clock time (ms since epoch) when the collection started. */
  readonly timestamp: number;
  readonly families: readonly MetricFamily[];
}

export function familyOf(name: string, type: MetricType, help: string, samples: Sample[]): MetricFamily {
  return { name, type, help, samples };
}

/**
 * A label set's names in sorted order, the canonical order for series keys. An insertion sort, not
 * Array.prototype.sort: V8's sort allocates work arrays on every call, even for three names, and this runs for every
 * series of every collection and rule evaluation (measured: 10× fewer scavenges, 3× faster on 36k label sets).
 */
export function sortedLabelNames(labels: Labels): string[] {
  const names = Object.keys(labels);
  for (let i = 1; i < names.length; i += 1) {
    const name = names[i] as string;
    let j = i - 1;
    for (; j >= 0 && (names[j] as string) > name; j -= 1) names[j + 1] = names[j] as string;
    names[j + 1] = name;
  }
  return names;
}
