// Which alerts go to the notifier this round, with Prometheus's timing (rules/alerting.go sendAlerts, needsSending):
// pending alerts are never sent; an alert resolved since its last send is sent at once; otherwise every alert is
// re-sent when `resendDelay` has passed. A firing alert's endsAt is now + 4 × max(interval, resendDelay) so two lost
// rounds do not resolve it; a resolved alert's endsAt is its resolvedAt. startsAt is firedAt, as Prometheus sends.
import type { Labels } from '../collect/model.js';
import type { AlertState } from './alert-state.js';

export interface NotifiableAlert {
  labels: Labels;
  annotations: Labels;
  startsAt: number;
  endsAt: number;
  generatorURL: string;
  status: 'firing' | 'resolved';
  fingerprint: string;
  /** The alert expression's value at the last evaluation that saw the series (Prometheus's `$value`). */
  value?: number;
}

export interface SendTiming {
  readonly resendDelayMs: number;
  readonly intervalMs: number;
}

export function needsSending(alert: AlertState, nowMs: number, resendDelayMs: number): boolean {
  if (alert.state === 'pending') return false;
  const lastSent = alert.lastSentAt ?? Number.NEGATIVE_INFINITY;
  if (alert.resolvedAt !== undefined && alert.resolvedAt > lastSent) return true;
  return lastSent + resendDelayMs < nowMs;
}

/** Marks the alerts due for sending as sent at `nowMs` and returns them as notifications. */
export function collectNotifications(
  states: ReadonlyMap<string, AlertState>,
  nowMs: number,
  timing: SendTiming,
  generatorURL: string,
): { states: Map<string, AlertState>; alerts: NotifiableAlert[] } {
  const next = new Map<string, AlertState>();
  const alerts: NotifiableAlert[] = [];
  const validFor = 4 * Math.max(timing.intervalMs, timing.resendDelayMs);
  for (const [fp, alert] of states) {
    if (!needsSending(alert, nowMs, timing.resendDelayMs)) {
      next.set(fp, alert);
      continue;
    }
    const sent: AlertState = { ...alert, lastSentAt: nowMs, validUntil: nowMs + validFor };
    next.set(fp, sent);
    const resolved = alert.resolvedAt !== undefined;
    alerts.push({
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.firedAt ?? alert.activeAt,
      endsAt: resolved ? (alert.resolvedAt ?? nowMs) : nowMs + validFor,
      generatorURL,
      status: resolved ? 'resolved' : 'firing',
      fingerprint: fp,
      value: alert.value,
    });
  }
  return { states: next, alerts };
}
