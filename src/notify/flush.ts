// What a group flush produces: for each integration of the group's receiver, a notification when Alertmanager's dedup
// rule says so, and the notification-log entry that records the decision. Pure: the caller persists and sends.
import { needsUpdate, type NotificationLogEntry } from './dedup.js';
import type { GroupState } from './aggregator.js';
import type { IntegrationName, NotifiableAlert, Notification } from './types.js';

export interface IntegrationRef {
  readonly name: IntegrationName;
  readonly index: number;
  readonly sendResolved: boolean;
}

export interface FlushPlan {
  notifications: Notification[];
  log: [string, NotificationLogEntry][];
  /** Alerts that were resolved at flush time: notified (or not worth notifying) and to be removed from the group. */
  resolved: NotifiableAlert[];
}

export function laneKey(groupKey: string, receiver: string, integration: IntegrationName, index: number): string {
  return [groupKey, receiver, integration, String(index)].join('\u001f');
}

export function planFlush(input: {
  group: GroupState;
  integrations: readonly IntegrationRef[];
  repeatIntervalMs: number;
  log: (lane: string) => NotificationLogEntry | undefined;
  isResolved: (alert: NotifiableAlert) => boolean;
  isMuted: (alert: NotifiableAlert) => boolean;
  now: number;
  newId: () => string;
}): FlushPlan {
  const { group, now } = input;
  const all = Object.values(group.alerts).map((alert) =>
    input.isResolved(alert) && alert.status === 'firing' ? { ...alert, status: 'resolved' as const } : alert,
  );
  const resolvedAll = Object.values(group.alerts).filter(input.isResolved);
  const visible = all.filter((alert) => !input.isMuted(alert));
  const firing = new Set(visible.filter((a) => a.status === 'firing').map((a) => a.fingerprint));
  const resolved = new Set(visible.filter((a) => a.status === 'resolved').map((a) => a.fingerprint));
  const plan: FlushPlan = { notifications: [], log: [], resolved: resolvedAll };
  // Alertmanager's pipeline stops when the mute stages leave nothing: the notification log keeps what the receiver
  // last heard, so a silence or an inhibition that ends changes nothing for it (no FIRING again), and an alert it
  // heard firing still gets its resolved message afterwards.
  if (visible.length === 0) return plan;
  for (const integration of input.integrations) {
    const lane = laneKey(group.key, group.receiver, integration.name, integration.index);
    if (!needsUpdate(input.log(lane), firing, resolved, integration.sendResolved, input.repeatIntervalMs, now))
      continue;
    plan.log.push([lane, { firing: [...firing], resolved: [...resolved], timestamp: now }]);
    // Without send_resolved, an all-resolved group is only logged (Alertmanager's RetryStage reports it as sent).
    const alerts = integration.sendResolved ? visible : visible.filter((a) => a.status === 'firing');
    if (alerts.length === 0) continue;
    plan.notifications.push({
      id: input.newId(),
      lane,
      groupKey: group.key,
      receiver: group.receiver,
      integration: integration.name,
      index: integration.index,
      groupLabels: group.groupLabels,
      alerts,
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
    });
  }
  return plan;
}
