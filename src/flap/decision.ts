// Flap detection (Nagios's idea with hysteresis, counted in state changes over a time window): an alert that changed
// between firing and resolved at least `highChanges` times within `window` is flapping; it stays flapping until its
// changes within the window fall to `lowChanges` or fewer. Pure.

export interface FlapSettings {
  readonly windowMs: number;
  readonly highChanges: number;
  readonly lowChanges: number;
}

export interface FlapHistory {
  /** When the alert changed state, oldest first, within the window. */
  readonly changes: readonly number[];
  readonly status: 'firing' | 'resolved' | undefined;
  readonly flapping: boolean;
}

export const NEW_HISTORY: FlapHistory = { changes: [], status: undefined, flapping: false };

/** The most changes remembered per alert (thresholds are at most this): bounds memory and the state file. */
export const MAX_CHANGES = 100;

/** Hysteresis: start at `highChanges` changes, stop at `lowChanges` or fewer. */
export function isFlapping(changes: number, wasFlapping: boolean, settings: FlapSettings): boolean {
  return wasFlapping ? changes > settings.lowChanges : changes >= settings.highChanges;
}

/**
 * The history after observing the alert's status at `now` (undefined: no new observation, only time passed). The
 * first observation is not a change: an alert that starts firing has not flapped.
 */
export function observe(
  history: FlapHistory,
  status: 'firing' | 'resolved' | undefined,
  now: number,
  settings: FlapSettings,
): FlapHistory {
  const changed = status !== undefined && history.status !== undefined && status !== history.status;
  const changes = [...history.changes, ...(changed ? [now] : [])]
    .filter((t) => t > now - settings.windowMs)
    .slice(-MAX_CHANGES);
  return {
    changes,
    status: status ?? history.status,
    flapping: isFlapping(changes.length, history.flapping, settings),
  };
}
