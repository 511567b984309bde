// The alert state machine of one alerting rule, as a pure function with Prometheus's semantics (rules/alerting.go):
// a new active series is pending from activeAt; it fires once it has been active for `for` (at once for `for: 0`);
// a firing alert that vanishes keeps firing for `keep_firing_for`, then is resolved and kept (inactive, resolvedAt
// set) for 15 minutes so it is re-sent as resolved; a pending alert that vanishes is dropped.
import type { Labels } from '../collect/model.js';
import { fingerprint } from './fingerprint.js';

/** How long a resolved alert is remembered (and re-sent as resolved): Prometheus's resolvedRetention. */
export const RESOLVED_RETENTION_MS = 15 * 60 * 1000;

export type AlertStateName = 'inactive' | 'pending' | 'firing';

export interface AlertState {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly value: number;
  readonly state: AlertStateName;
  /** When the series became active (ms). */
  readonly activeAt: number;
  readonly firedAt?: number;
  readonly resolvedAt?: number;
  readonly lastSentAt?: number;
  /** When the series stopped being active while the alert kept firing (keep_firing_for). */
  readonly keepFiringSince?: number;
  /** Until when the last notification declared the alert firing (endsAt). */
  readonly validUntil?: number;
}

export interface ActiveSample {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly value: number;
}

export interface AlertTiming {
  readonly forMs: number;
  readonly keepFiringForMs: number;
}

export interface Transition {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly from: AlertStateName;
  readonly to: AlertStateName;
  readonly at: number;
}

export interface AdvanceResult {
  readonly states: Map<string, AlertState>;
  readonly transitions: Transition[];
}

export function advance(
  previous: ReadonlyMap<string, AlertState>,
  activeNow: readonly ActiveSample[],
  rule: AlertTiming,
  nowMs: number,
): AdvanceResult {
  const states = new Map<string, AlertState>();
  const transitions: Transition[] = [];
  const note = (a: AlertState, from: AlertStateName, to: AlertStateName): void => {
    transitions.push({ fingerprint: a.fingerprint, labels: a.labels, from, to, at: nowMs });
  };
  const seen = new Set<string>();

  for (const sample of activeNow) {
    const fp = fingerprint(sample.labels);
    seen.add(fp);
    const known = previous.get(fp);
    let alert: AlertState;
    if (known && known.state !== 'inactive') {
      const { keepFiringSince: _cleared, ...rest } = known;
      alert = { ...rest, value: sample.value, annotations: sample.annotations };
    } else {
      alert = {
        fingerprint: fp,
        labels: sample.labels,
        annotations: sample.annotations,
        value: sample.value,
        state: 'pending',
        activeAt: nowMs,
      };
      note(alert, 'inactive', 'pending');
    }
    if (alert.state === 'pending' && nowMs - alert.activeAt >= rule.forMs) {
      alert = { ...alert, state: 'firing', firedAt: nowMs };
      note(alert, 'pending', 'firing');
    }
    states.set(fp, alert);
  }

  for (const [fp, known] of previous) {
    if (seen.has(fp)) continue;
    if (known.state === 'pending') {
      note(known, 'pending', 'inactive');
      continue;
    }
    if (known.state === 'inactive') {
      if (known.resolvedAt !== undefined && nowMs - known.resolvedAt <= RESOLVED_RETENTION_MS) states.set(fp, known);
      continue;
    }
    const since = known.keepFiringSince ?? nowMs;
    if (rule.keepFiringForMs > 0 && nowMs - since < rule.keepFiringForMs) {
      states.set(fp, { ...known, keepFiringSince: since });
      continue;
    }
    const { keepFiringSince: _done, ...rest } = known;
    const resolved: AlertState = { ...rest, state: 'inactive', resolvedAt: nowMs };
    note(resolved, 'firing', 'inactive');
    states.set(fp, resolved);
  }
  return { states, transitions };
}
