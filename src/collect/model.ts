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

/** What a source (SQL definition, backup files, ...) returns; it throws on failure and the sampler catches. */
export type CollectedFamilies = readonly MetricFamily[];

export function familyOf(name: string, type: MetricType, help: string, samples: Sample[]): MetricFamily {
  return { name, type, help, samples };
}
