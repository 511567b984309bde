// Dead letters: notifications a receiver refused for good (or after their bounded retries). They can be listed, sent
// again or dropped (API now, console later). Pure operations on the persisted state; the notifier persists.
import type { NotifyState } from './state.js';
import type { DeadLetter, Notification } from './types.js';

/** One dead letter as `GET /api/v1/notifications/dead-letters` lists it. */
export interface DeadLetterView {
  id: string;
  receiver: string;
  integration: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: { fingerprint: string; status: string; labels: Record<string, string>; startsAt: string; endsAt: string }[];
  createdAt: string;
  failedAt: string;
  attempts: number;
  reason: string;
  detail?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function deadLetterView(letter: DeadLetter): DeadLetterView {
  const n = letter.notification;
  return {
    id: n.id,
    receiver: n.receiver,
    integration: n.integration,
    groupKey: n.groupKey,
    groupLabels: { ...n.groupLabels },
    alerts: n.alerts.map((a) => ({
      fingerprint: a.fingerprint,
      status: a.status,
      labels: { ...a.labels },
      startsAt: iso(a.startsAt),
      endsAt: a.status === 'resolved' ? iso(a.endsAt) : '0001-01-01T00:00:00Z',
    })),
    createdAt: iso(n.createdAt),
    failedAt: iso(letter.failedAt),
    attempts: n.attempts,
    reason: letter.reason,
    ...(letter.detail ? { detail: letter.detail } : {}),
  };
}

/**
 * Moves a dead letter back into the outbox, due now with fresh attempts. It goes before any later message of its lane
 * still waiting, so a group's messages keep their order. False when there is no such dead letter.
 */
export function requeueDeadLetter(state: NotifyState, id: string, now: number): boolean {
  const index = state.deadLetters.findIndex((d) => d.notification.id === id);
  if (index < 0) return false;
  const [letter] = state.deadLetters.splice(index, 1);
  const { lastError: _dropped, ...rest } = letter!.notification;
  const item: Notification = { ...rest, attempts: 0, nextAttemptAt: now };
  const later = state.outbox.findIndex((n) => n.lane === item.lane && n.createdAt > item.createdAt);
  if (later < 0) state.outbox.push(item);
  else state.outbox.splice(later, 0, item);
  return true;
}

export function dropDeadLetter(state: NotifyState, id: string): boolean {
  const index = state.deadLetters.findIndex((d) => d.notification.id === id);
  if (index < 0) return false;
  state.deadLetters.splice(index, 1);
  return true;
}
