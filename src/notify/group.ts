// Aggregation group identity: the route plus the values of its group_by labels.
import type { Labels } from '../collect/model.js';
import { formatLabels } from '../promql/labels.js';

export function groupLabels(groupBy: readonly string[] | 'all', labels: Labels): Labels {
  if (groupBy === 'all') return { ...labels };
  const out: Record<string, string> = {};
  for (const name of groupBy) {
    const value = labels[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/** The group key, as Alertmanager spells it: `<route>:<group labels>`; stable across restarts. */
export function groupKey(routeId: string, labels: Labels): string {
  return `${routeId}:${formatLabels(labels)}`;
}
