// One flush round: every due group is planned (silences and inhibition applied, Alertmanager's dedup), and the
// decisions are recorded in the state: notification-log entries and new outbox entries. The caller persists.
import { randomUUID } from 'node:crypto';
import type { Labels } from '../collect/model.js';
import type { Aggregator } from './aggregator.js';
import { planFlush, type IntegrationRef } from './flush.js';
import { isInhibited, type InhibitRule } from './inhibit.js';
import type { NotifyState } from './state.js';
import type { TimeInterval } from './time-interval.js';
import { isTimeMuted } from './time-interval-mute.js';
import { isResolvedAt, type NotifiableAlert } from './types.js';

/** Returns how many groups were flushed. */
export function flushDueGroups(
  aggregator: Aggregator,
  state: NotifyState,
  receivers: ReadonlyMap<string, readonly IntegrationRef[]>,
  inhibitRules: readonly InhibitRule[],
  silenced: (labels: Labels) => boolean,
  now: number,
  timeIntervals: ReadonlyMap<string, readonly TimeInterval[]> = new Map(),
): number {
  const isResolved = (alert: NotifiableAlert) => isResolvedAt(alert, now);
  const firing = aggregator.firingAlerts(isResolved);
  const isMuted = (alert: NotifiableAlert) =>
    silenced(alert.labels) || (!isResolved(alert) && isInhibited(inhibitRules, alert, firing));
  const due = aggregator.due(now);
  for (const group of due) {
    const route = aggregator.route(group.routeId)!;
    // A time-muted route stops the pipeline like Alertmanager's: nothing sent and nothing logged, so whatever still
    // fires when the window ends is notified then; resolved alerts leave the group as after a successful flush.
    if (isTimeMuted(route, timeIntervals, now)) {
      aggregator.afterFlush(group, Object.values(group.alerts).filter(isResolved), now);
      continue;
    }
    const plan = planFlush({
      group,
      integrations: receivers.get(group.receiver) ?? [],
      repeatIntervalMs: route.repeatIntervalMs,
      log: (lane) => state.nflog[lane],
      isResolved,
      isMuted,
      now,
      newId: randomUUID,
    });
    for (const [lane, entry] of plan.log) state.nflog[lane] = entry;
    state.outbox.push(...plan.notifications);
    aggregator.afterFlush(group, plan.resolved, now);
  }
  return due.length;
}
