import type { Labels, MetricFamily } from './model.js';

// The snapshot is rendered to Prometheus's text format once per collection and the text is served to every scraper.
// prom-client is built around long-lived metric objects that are updated in place; re-registering thousands of
// per-table series every collection would cost more than this small renderer (see docs/benchmarks.md).

const escapeLabelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return '{' + keys.map((k) => `${k}="${escapeLabelValue(labels[k] as string)}"`).join(',') + '}';
}

export function renderFamilies(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    out.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      out.push(`${family.name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** Adds fixed labels (e.g. target="db1" when several targets share one response) to every sample. */
export function withLabels(families: readonly MetricFamily[], extra: Labels): MetricFamily[] {
  return families.map((f) => ({ ...f, samples: f.samples.map((s) => ({ ...s, labels: { ...s.labels, ...extra } })) }));
}
