// The agent's own metrics in the rule store, so the shipped alerts about the agent (alert-rules/pgwarden.rules.yml)
// fire without a Prometheus server: every evaluation interval, the pgwarden_* families it serves on /metrics (rule
// evaluations, the outbox, dead letters) are appended as one more scrape, with job="pgwarden" and the agent's
// host:port as instance, as a Prometheus scraping the agent would label them.
import type { Registry } from 'prom-client';
import type { Labels, MetricFamily } from '../collect/model.js';

/** Counters and gauges of a prom-client registry as families (histograms are left out: no shipped rule reads them). */
export async function registryFamilies(registry: Registry): Promise<MetricFamily[]> {
  const metrics = await registry.getMetricsAsJSON();
  return metrics
    .filter((m) => String(m.type) === 'counter' || String(m.type) === 'gauge')
    .map((m) => ({
      name: m.name,
      type: String(m.type) as 'counter' | 'gauge',
      help: m.help,
      samples: m.values.map((v) => ({
        labels: Object.fromEntries(Object.entries(v.labels).map(([k, x]) => [k, String(x)])),
        value: v.value,
      })),
    }));
}

/** The samples of the agent's own pgwarden_* families that `keep` accepts, labelled as a scrape of the agent. */
export function selfSamples(
  families: readonly MetricFamily[],
  instance: string,
  keep: (name: string) => boolean,
): { labels: Labels; value: number }[] {
  return families
    .filter((f) => f.name.startsWith('pgwarden_') && keep(f.name))
    .flatMap((f) =>
      f.samples.map((s) => ({ labels: { ...s.labels, __name__: f.name, instance, job: 'pgwarden' }, value: s.value })),
    );
}

/** The instance label of the agent's own series: its external URL's host:port. */
export function selfInstance(externalUrl: string): string {
  try {
    return new URL(externalUrl).host || 'pgwarden';
  } catch {
    return 'pgwarden';
  }
}
