import type { CollectorDefinition } from './definition.js';
import type { Labels, MetricFamily, MetricType, Sample } from './model.js';

type Row = Record<string, unknown>;

/** A SQL value as a sample value: numbers, numeric strings (bigint, numeric), booleans; NULL or junk → undefined. */
export function toSampleValue(raw: unknown): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'bigint') return Number(raw);
  if (raw instanceof Date) return raw.getTime() / 1000;
  if (typeof raw === 'string') {
    if (raw === 'NaN') return NaN;
    if (raw === 'Infinity') return Infinity;
    if (raw === '-Infinity') return -Infinity;
    const n = Number(raw);
    return raw.trim() === '' || Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

function labelText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return raw.toISOString();
  return String(raw);
}

const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

function fill(template: string, row: Row, sanitise: boolean): string {
  if (!template.includes('{')) return template;
  return template.replace(PLACEHOLDER, (_, column: string) => {
    const text = labelText(row[column]);
    return sanitise ? text.replace(/[^a-zA-Z0-9_]/g, '_') : text;
  });
}

interface FamilyBuilder {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

/** Turns query rows into metric families per the definition's column mapping. Pure: the decision is testable by table. */
export function rowsToFamilies(
  definition: Pick<CollectorDefinition, 'labels' | 'metrics'>,
  rows: Row[],
): MetricFamily[] {
  const families = new Map<string, FamilyBuilder>();
  for (const row of rows) {
    const common: Record<string, string> = {};
    for (const label of definition.labels) common[label] = labelText(row[label]);
    for (const metric of definition.metrics) {
      const value = toSampleValue(row[metric.column]);
      if (value === undefined) continue;
      const name = fill(metric.name, row, true);
      let family = families.get(name);
      if (!family) {
        family = { name, help: fill(metric.help, row, false), type: metric.type, samples: [] };
        families.set(name, family);
      }
      let labels: Labels = common;
      if (metric.labels.length) {
        const own: Record<string, string> = { ...common };
        for (const label of metric.labels) own[label] = labelText(row[label]);
        labels = own;
      }
      family.samples.push({ labels, value });
    }
  }
  return [...families.values()];
}
