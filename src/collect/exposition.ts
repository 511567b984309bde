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

/** A sample's label set as the text exposition format writes it: `{a="1",b="2"}`, escaped, in the given order. */
export function expositionLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return '{' + keys.map((k) => `${k}="${escapeLabelValue(labels[k] as string)}"`).join(',') + '}';
}

/**
 * One family's lines. A label set shared by several samples (one table's row gives every per-table metric the same
 * labels object) is formatted and escaped once per render, not once per metric.
 */
function familyText(family: MetricFamily, formatted: Map<Labels, string>): string {
  let text = `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
  for (const sample of family.samples) {
    let labels = formatted.get(sample.labels);
    if (labels === undefined) {
      labels = expositionLabels(sample.labels);
      formatted.set(sample.labels, labels);
    }
    text += `${family.name}${labels} ${formatValue(sample.value)}\n`;
  }
  return text;
}

function familyTexts(families: readonly MetricFamily[]): string[] {
  const formatted = new Map<Labels, string>();
  return families.filter((f) => f.samples.length > 0).map((f) => familyText(f, formatted));
}

export function renderFamilies(families: readonly MetricFamily[]): string {
  return familyTexts(families).join('');
}

/**
 * The text format as bytes, written family by family into one buffer: megabytes on a large database, so without
 * first joining everything into one string of the same size.
 */
export function renderFamiliesToBuffer(families: readonly MetricFamily[]): Buffer {
  const texts = familyTexts(families);
  const body = Buffer.allocUnsafeSlow(texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0));
  let offset = 0;
  for (const text of texts) offset += body.write(text, offset);
  return body;
}

/** Adds fixed labels (e.g. target="db1" when several targets share one response) to every sample. */
export function withLabels(families: readonly MetricFamily[], extra: Labels): MetricFamily[] {
  return families.map((f) => ({ ...f, samples: f.samples.map((s) => ({ ...s, labels: { ...s.labels, ...extra } })) }));
}
