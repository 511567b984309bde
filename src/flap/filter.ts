// Flap control between the rule engine and the notifier. While an alert flaps (decision.ts), its own changes are held
// back: the notifier keeps seeing it as it was when flapping started (re-sent as such, so it neither fires nor
// resolves again), and one extra alert with the same labels plus `flapping="true"` fires: one "flapping"
// notification instead of one per change. When it settles, that alert resolves (one "stopped flapping" notification)
// and the real state goes through again.
import { fingerprint as labelsFingerprint } from '../rules/fingerprint.js';
import type { NotifiableAlert } from '../notify/types.js';
import { NEW_HISTORY, observe, type FlapHistory, type FlapSettings } from './decision.js';

interface Tracked {
  history: FlapHistory;
  /** The latest alert from the rule engine. */
  latest: NotifiableAlert;
  /** While flapping: what the notifier last saw of the alert itself. */
  frozen?: NotifiableAlert;
  /** While flapping: the `flapping="true"` alert. */
  flapAlert?: NotifiableAlert;
}

/** How long a held alert stays valid without a refresh (the rule engine's 4 × resend delay). */
const VALID_FOR_MS = 4 * 60_000;

export class FlapFilter {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly settings: FlapSettings) {}

  /** Whether the alert with these labels is flapping now. */
  isFlapping(labels: Readonly<Record<string, string>>): boolean {
    return this.tracked.get(labelsFingerprint(labels))?.frozen !== undefined;
  }

  /** The alerts to hand to the notifier for one round of the rule engine's alerts. */
  apply(alerts: readonly NotifiableAlert[], now: number): NotifiableAlert[] {
    return alerts.flatMap((alert) => this.step(labelsFingerprint(alert.labels), alert, now));
  }

  /** Time passing without new alerts: settles what stopped flapping, refreshes what is held. */
  sweep(now: number): NotifiableAlert[] {
    const out: NotifiableAlert[] = [];
    for (const [fingerprint, entry] of this.tracked) {
      if (entry.frozen) out.push(...this.step(fingerprint, undefined, now));
      else if (entry.history.changes.length === 0 && entry.latest.status === 'resolved')
        this.tracked.delete(fingerprint);
    }
    return out;
  }

  private step(fingerprint: string, alert: NotifiableAlert | undefined, now: number): NotifiableAlert[] {
    const entry = this.tracked.get(fingerprint) ?? (alert && { history: NEW_HISTORY, latest: alert });
    if (!entry) return [];
    if (alert) entry.latest = alert;
    entry.history = observe(entry.history, alert?.status, now, this.settings);
    this.tracked.set(fingerprint, entry);
    const held = (a: NotifiableAlert) => (a.status === 'firing' ? { ...a, endsAt: now + VALID_FOR_MS } : a);
    if (entry.history.flapping) {
      entry.frozen ??= alert && entry.history.changes.length > 0 ? previousOf(alert) : entry.latest;
      entry.flapAlert = flapAlert(entry.latest, entry.history.changes.length, entry.flapAlert, now);
      return [...(entry.frozen.status === 'firing' ? [held(entry.frozen)] : []), entry.flapAlert];
    }
    if (!entry.frozen) return alert ? [alert] : [];
    // Settled: the flapping alert resolves, the real state goes through.
    const resolved = { ...(entry.flapAlert as NotifiableAlert), status: 'resolved' as const, endsAt: now };
    entry.frozen = undefined;
    entry.flapAlert = undefined;
    return [resolved, held(entry.latest)];
  }
}

/** When flapping starts with this alert's change, the notifier still holds the state before it. */
function previousOf(alert: NotifiableAlert): NotifiableAlert {
  return alert.status === 'firing'
    ? { ...alert, status: 'resolved', endsAt: alert.startsAt }
    : { ...alert, status: 'firing', endsAt: 0 };
}

function flapAlert(
  alert: NotifiableAlert,
  changes: number,
  previous: NotifiableAlert | undefined,
  now: number,
): NotifiableAlert {
  const labels = { ...alert.labels, flapping: 'true' };
  return {
    ...alert,
    labels,
    annotations: {
      ...alert.annotations,
      summary: `Flapping: ${alert.annotations.summary ?? alert.labels.alertname ?? ''}`.trim(),
      flapping: `${changes} state changes within the flap window; notifications of each change are held until it settles`,
    },
    status: 'firing',
    startsAt: previous?.startsAt ?? now,
    endsAt: now + VALID_FOR_MS,
    fingerprint: labelsFingerprint(labels),
  };
}
