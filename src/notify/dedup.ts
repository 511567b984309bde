// Alertmanager's dedup decision (notify.DedupStage.needsUpdate): whether a group's current state warrants a notification
// to one integration, given what that integration was last notified about.

export interface NotificationLogEntry {
  /** Fingerprints of the firing alerts in the last notification. */
  readonly firing: readonly string[];
  /** Fingerprints of the resolved alerts in the last notification. */
  readonly resolved: readonly string[];
  /** When that notification was decided (ms since epoch). */
  readonly timestamp: number;
}

function isSubset(subset: ReadonlySet<string>, of: readonly string[]): boolean {
  const set = new Set(of);
  for (const item of subset) if (!set.has(item)) return false;
  return true;
}

export function needsUpdate(
  entry: NotificationLogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): boolean {
  // Never notified: notify unless there is only resolved alerts.
  if (!entry) return firing.size > 0;
  // A firing alert the receiver has not heard about.
  if (!isSubset(firing, entry.firing)) return true;
  // Everything resolved: notify (even without send_resolved, to clear the log) if the receiver knew of firing alerts.
  if (firing.size === 0) return entry.firing.length > 0;
  if (sendResolved && !isSubset(resolved, entry.resolved)) return true;
  return entry.timestamp < now - repeatIntervalMs;
}
