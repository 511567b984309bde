// The last delivery attempts per receiver, for the console's Notifications page: a bounded in-memory ring (not
// persisted: the outbox, dead letters and notification log are; this is only a view of what happened lately).
// Nothing secret goes in: receiver names, group labels, alert names, reason codes and scrubbed details.
import type { Notification } from './types.js';

export type AttemptOutcome = 'delivered' | 'failed' | 'dead-lettered';

export interface DeliveryAttempt {
  readonly at: number;
  readonly receiver: string;
  readonly integration: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  /** Distinct alert names of the notification, in order of appearance. */
  readonly alertnames: readonly string[];
  readonly alerts: number;
  readonly outcome: AttemptOutcome;
  /** Attempts made so far, this one included. */
  readonly attempts: number;
  /** The failure's reason code (http_400, timeout, …); absent when delivered. */
  readonly reason?: string;
  /** The failure in words, already scrubbed of secrets by the caller. */
  readonly detail?: string;
}

export const RECENT_PER_RECEIVER = 20;
/** Receivers remembered; the one attempted longest ago is forgotten first (reloads can rename receivers). */
export const MAX_RECEIVERS = 100;

export function attemptOf(
  item: Notification,
  at: number,
  outcome: AttemptOutcome,
  failure?: { reason: string; detail?: string },
): DeliveryAttempt {
  return {
    at,
    receiver: item.receiver,
    integration: item.integration,
    groupLabels: { ...item.groupLabels },
    alertnames: [...new Set(item.alerts.map((a) => a.labels.alertname ?? ''))],
    alerts: item.alerts.length,
    outcome,
    attempts: item.attempts + (outcome === 'delivered' ? 1 : 0),
    ...(failure ? { reason: failure.reason } : {}),
    ...(failure?.detail ? { detail: failure.detail } : {}),
  };
}

export class RecentDeliveries {
  private readonly byReceiver = new Map<string, DeliveryAttempt[]>();

  constructor(
    private readonly perReceiver = RECENT_PER_RECEIVER,
    private readonly maxReceivers = MAX_RECEIVERS,
  ) {}

  record(attempt: DeliveryAttempt): void {
    const list = this.byReceiver.get(attempt.receiver) ?? [];
    // Re-inserted so the map's order is least recently attempted first.
    this.byReceiver.delete(attempt.receiver);
    list.push(attempt);
    list.splice(0, Math.max(0, list.length - this.perReceiver));
    this.byReceiver.set(attempt.receiver, list);
    while (this.byReceiver.size > this.maxReceivers) {
      const oldest = this.byReceiver.keys().next().value as string;
      this.byReceiver.delete(oldest);
    }
  }

  /** Per receiver (sorted by name), newest attempt first. */
  list(): Array<{ receiver: string; attempts: DeliveryAttempt[] }> {
    return [...this.byReceiver]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([receiver, attempts]) => ({ receiver, attempts: [...attempts].reverse() }));
  }
}
