// GET /api/v2/alerts' view of the notifier: every alert the aggregation groups hold, once, with the receivers of its
// groups and what mutes it (silences, inhibition). Pure over the notifier's parts.
import type { Labels } from '../collect/model.js';
import type { Aggregator } from './aggregator.js';
import { gettableAlerts, type AlertsFilter, type GettableAlert } from './alerts-v2.js';
import { inhibitedBy, type InhibitRule } from './inhibit.js';
import { isResolvedAt, type NotifiableAlert } from './types.js';

export function heldAlerts(
  aggregator: Aggregator | undefined,
  silencedBy: (labels: Labels) => string[],
  inhibitRules: readonly InhibitRule[],
  filter: AlertsFilter,
  now: number,
): GettableAlert[] {
  const isResolved = (alert: NotifiableAlert) => isResolvedAt(alert, now);
  const firing = aggregator?.firingAlerts(isResolved) ?? [];
  const held = new Map<string, { alert: NotifiableAlert; receivers: Set<string> }>();
  for (const group of aggregator?.groups.values() ?? []) {
    for (const alert of Object.values(group.alerts)) {
      const entry = held.get(alert.fingerprint) ?? { alert, receivers: new Set<string>() };
      entry.receivers.add(group.receiver);
      held.set(alert.fingerprint, entry);
    }
  }
  const views = [...held.values()].map(({ alert, receivers }) => ({
    alert,
    receivers: [...receivers].sort(),
    silencedBy: silencedBy(alert.labels),
    inhibitedBy: isResolved(alert) ? [] : inhibitedBy(inhibitRules, alert, firing),
  }));
  return gettableAlerts(views, filter, now);
}
