// Shapes shared across notify: the rule engine's input and the persisted notification (an outbox entry).
import type { Labels } from '../collect/model.js';
import type { NotifiableAlert as RuleNotifiableAlert } from '../rules/notifiable.js';

/**
 * What the rule engine hands over after each evaluation round (Prometheus's alert as sent to Alertmanager, plus the
 * expression's value; see src/rules/notifiable.ts): a firing alert's endsAt is when it resolves unless re-submitted.
 */
export type NotifiableAlert = RuleNotifiableAlert;

export type IntegrationName =
  'email' | 'slack' | 'webhook' | 'pagerduty' | 'opsgenie' | 'telegram' | 'discord' | 'webex' | 'msteams' | 'pushover';

/** A notification that is due: persisted in the outbox before the first attempt, removed once accepted. */
export interface Notification {
  readonly id: string;
  /** groupKey + receiver + integration + index: the nflog key, and the delivery lane (in order, one at a time). */
  readonly lane: string;
  readonly groupKey: string;
  readonly receiver: string;
  readonly integration: IntegrationName;
  readonly index: number;
  readonly groupLabels: Labels;
  readonly alerts: readonly NotifiableAlert[];
  readonly createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
}

export interface DeadLetter {
  readonly notification: Notification;
  readonly failedAt: number;
  readonly reason: string;
  /** What failed, in words (SMTP), when known. */
  readonly detail?: string;
}

export function isResolvedAt(alert: NotifiableAlert, now: number): boolean {
  return alert.status === 'resolved' || (alert.endsAt > 0 && alert.endsAt <= now);
}
