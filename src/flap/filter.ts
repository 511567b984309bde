// Flap control between the rule engine and the notifier. While an alert flaps (decision.ts), its own changes are held
// back: the notifier keeps seeing it as it was when flapping started (re-sent as such, so it neither fires nor
// resolves again), and one extra alert with the same labels plus `flapping="true"` fires: one "flapping"
// notification instead of one per change. When it settles, that alert resolves (one "stopped flapping" notification)
// and the real state goes through again. Which thresholds apply to an alert is the policy's call (policy.ts).
import { fingerprint as labelsFingerprint } from '../rules/fingerprint.js';
import type { NotifiableAlert } from '../notify/types.js';
import { NEW_HISTORY, observe, type FlapHistory } from './decision.js';
import { flapSettingsFor, type FlapPolicy } from './policy.js';

/** One alert's flap state: what a restart must remember (src/flap/state-file.ts). */
export interface FlapEntry {
  history: FlapHistory;
  /** The latest alert from the rule engine. */
  latest: NotifiableAlert;
  /** While flapping: what the notifier last saw of the alert itself. */
  frozen?: NotifiableAlert | undefined;
  /** While flapping: the `flapping="true"` alert. */
  flapAlert?: NotifiableAlert | undefined;
}

/** A flapping alert: as the notifier holds it, and its changes within the window. */
export interface FlappingAlert {
  readonly held: NotifiableAlert;
  readonly changes: number;
}

/** How long a held alert stays valid without a refresh (the rule engine's 4 × resend delay). */
const VALID_FOR_MS = 4 * 60_000;
/** The most alerts tracked at once; beyond it the non-flapping ones changed longest ago are forgotten. */
export const MAX_TRACKED = 10_000;

export class FlapFilter {
  private readonly tracked = new Map<string, FlapEntry>();
  /** Set when something a restart must remember changed; the owner saves and clears it. */
  dirty = false;

  constructor(private policy: FlapPolicy) {}

  /** A reload's new thresholds: the histories stay, the next round judges them by the new ones. */
  setPolicy(policy: FlapPolicy): void {
    this.policy = policy;
  }

  /** Whether the alert with these labels is flapping now. */
  isFlapping(labels: Readonly<Record<string, string>>): boolean {
    return this.tracked.get(labelsFingerprint(labels))?.frozen !== undefined;
  }

  /** Every flapping alert, as the notifier holds it. */
  flapping(): FlappingAlert[] {
    return [...this.tracked.values()].flatMap((e) =>
      e.frozen ? [{ held: e.frozen, changes: e.history.changes.length }] : [],
    );
  }

  /** The alerts to hand to the notifier for one round of the rule engine's alerts. */
  apply(alerts: readonly NotifiableAlert[], now: number): NotifiableAlert[] {
    if (!this.policy.base && this.tracked.size === 0) return [...alerts];
    return alerts.flatMap((alert) => this.step(labelsFingerprint(alert.labels), alert, now));
  }

  /** Time passing without new alerts: settles what stopped flapping, refreshes what is held. */
  sweep(now: number): NotifiableAlert[] {
    const out: NotifiableAlert[] = [];
    for (const [fingerprint, entry] of this.tracked) {
      if (entry.frozen || !flapSettingsFor(this.policy, entry.latest.labels))
        out.push(...this.step(fingerprint, undefined, now));
      else if (entry.history.changes.length === 0 && entry.latest.status === 'resolved') this.forget(fingerprint);
    }
    return out;
  }

  /** The entries a restart restores (entries(): what to save). */
  restore(entries: ReadonlyMap<string, FlapEntry>): void {
    for (const [fingerprint, entry] of entries) this.tracked.set(fingerprint, entry);
  }

  entries(): ReadonlyMap<string, FlapEntry> {
    return this.tracked;
  }

  private forget(fingerprint: string): void {
    if (this.tracked.delete(fingerprint)) this.dirty = true;
  }

  private step(fingerprint: string, alert: NotifiableAlert | undefined, now: number): NotifiableAlert[] {
    const known = this.tracked.get(fingerprint);
    const latest = alert ?? known?.latest;
    const settings = latest && flapSettingsFor(this.policy, latest.labels);
    if (!settings) {
      // Not (or no longer, after a reload) subject to flap detection: a flapping alert settles now.
      this.forget(fingerprint);
      if (known?.frozen) return [settledFlapAlert(known, now), held(latest as NotifiableAlert, now)];
      return alert ? [alert] : [];
    }
    const entry = known ?? { history: NEW_HISTORY, latest: alert as NotifiableAlert };
    if (!known) this.makeRoom();
    entry.latest = latest as NotifiableAlert;
    const before = entry.history;
    entry.history = observe(before, alert?.status, now, settings);
    if (changedForRestart(before, entry.history)) this.dirty = true;
    this.tracked.set(fingerprint, entry);
    if (entry.history.flapping) {
      entry.frozen ??= alert && entry.history.changes.length > 0 ? previousOf(alert) : entry.latest;
      entry.flapAlert = flapAlert(entry.latest, entry.history.changes.length, entry.flapAlert, now);
      return [...(entry.frozen.status === 'firing' ? [held(entry.frozen, now)] : []), entry.flapAlert];
    }
    if (!entry.frozen) return alert ? [alert] : [];
    const settled = settledFlapAlert(entry, now);
    entry.frozen = undefined;
    entry.flapAlert = undefined;
    return [settled, held(entry.latest, now)];
  }

  /** Keeps the tracked alerts under MAX_TRACKED: forgets the quiet ones whose last change is oldest. */
  private makeRoom(): void {
    if (this.tracked.size < MAX_TRACKED) return;
    const quiet = [...this.tracked].filter(([, e]) => !e.frozen);
    quiet.sort(([, a], [, b]) => (a.history.changes.at(-1) ?? 0) - (b.history.changes.at(-1) ?? 0));
    for (const [fingerprint] of quiet.slice(0, this.tracked.size - MAX_TRACKED + 1)) this.forget(fingerprint);
  }
}

function changedForRestart(before: FlapHistory, after: FlapHistory): boolean {
  return (
    before.status !== after.status ||
    before.flapping !== after.flapping ||
    before.changes.length !== after.changes.length ||
    before.changes.at(-1) !== after.changes.at(-1)
  );
}

const held = (a: NotifiableAlert, now: number) => (a.status === 'firing' ? { ...a, endsAt: now + VALID_FOR_MS } : a);

/** The flapping alert resolved: "stopped flapping". */
function settledFlapAlert(entry: FlapEntry, now: number): NotifiableAlert {
  return { ...(entry.flapAlert as NotifiableAlert), status: 'resolved', endsAt: now };
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
