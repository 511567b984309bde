// Aggregation group identity: the route plus the values of its group_by labels.
import type { Labels } from '../collect/model.js';
import { createHash } from 'node:crypto';

export function groupLabels(groupBy: readonly string[] | 'all', labels: Labels): Labels {
  if (groupBy === 'all') return { ...labels };
  const out: Record<string, string> = {};
  for (const name of groupBy) {
    const value = labels[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((name) => `${name}=${JSON.stringify(labels[name])}`).join(', ')}}`;
}

/** The group key, as Alertmanager spells it: `<route>:<group labels>`; stable across restarts. */
export function groupKey(routeId: string, labels: Labels): string {
  return `${routeId}:${formatLabels(labels)}`;
}

/** A fingerprint of a label set, for alerts submitted without one. */
export function labelsFingerprint(labels: Labels): string {
  return createHash('sha256').update(formatLabels(labels)).digest('hex').slice(0, 16);
}
