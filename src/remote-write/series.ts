// A snapshot's samples as remote-write series: the labels Prometheus would store had it scraped the agent's
// /probe?target=NAME (job and instance, the target's own labels kept as exported_* on a clash, external labels where
// absent), empty values removed, write_relabel_configs applied, sorted by name as the receiver requires.
import type { Snapshot } from '../collect/model.js';
import type { WireSeries } from './encode.js';
import { relabel, type CompiledRelabel, type LabelSet } from './relabel.js';

export interface SeriesContext {
  readonly job: string;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly relabel: readonly CompiledRelabel[];
}

const RESERVED = ['job', 'instance'] as const;

export function seriesLabels(
  name: string,
  sample: Readonly<Record<string, string>>,
  target: string,
  context: SeriesContext,
): LabelSet | undefined {
  const labels: LabelSet = {};
  for (const [k, v] of Object.entries(sample)) {
    if (v === '') continue;
    labels[(RESERVED as readonly string[]).includes(k) ? `exported_${k}` : k] = v;
  }
  labels.__name__ = name;
  labels.job = context.job;
  labels.instance = target;
  for (const [k, v] of Object.entries(context.externalLabels)) if (labels[k] === undefined && v !== '') labels[k] = v;
  return relabel(labels, context.relabel);
}

/** Every sample of the snapshot as one series with one sample at the collection's timestamp. */
export function snapshotSeries(snapshot: Snapshot, context: SeriesContext): WireSeries[] {
  const out: WireSeries[] = [];
  for (const family of snapshot.families) {
    for (const sample of family.samples) {
      const labels = seriesLabels(family.name, sample.labels, snapshot.target, context);
      if (!labels) continue;
      const sorted = Object.keys(labels)
        .sort()
        .map((name) => ({ name, value: labels[name] as string }));
      out.push({ labels: sorted, samples: [{ value: sample.value, timestamp: snapshot.timestamp }] });
    }
  }
  return out;
}
