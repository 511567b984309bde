// When rule groups evaluate. Prometheus evaluates each group at a fixed phase within its interval (a hash of the
// group), independent of when its scrapes land: the wait from a sample's arrival to the evaluation that reads it is a
// fixed, arbitrary part of the interval (0 to 2 s at 2 s intervals, 1 s on average). pgwarden collects the samples
// itself, so a group follows the collections instead: when samples land, its evaluation is brought forward to then,
// as long as it stays at least an interval minus half a collection interval after the previous one (so groups
// evaluate at most about as often as their interval asks, and a collection landing just after an evaluation pulls the
// next one to the middle of the interval, from where the following collections are met on arrival). Pure.

/** The first evaluation: at a stable offset within the interval (as Prometheus spreads groups), never at once. */
export function firstEvaluationDelay(identityHash: string, intervalMs: number, nowMs: number): number {
  const offset = Number.parseInt(identityHash.slice(0, 8), 16) % intervalMs;
  return (offset - (nowMs % intervalMs) + intervalMs) % intervalMs || intervalMs;
}

/**
 * The next evaluation after one that started at `startedAt` and ended at `nowMs`. After an evaluation that followed a
 * collection, the timer waits half a collection interval longer than the interval: the next collection, a little
 * slower or faster than this one, lands before it and is evaluated on arrival; the timer only stands in when no
 * collection comes.
 */
export function nextEvaluationAt(
  startedAt: number,
  nowMs: number,
  intervalMs: number,
  followedCollectionEveryMs: number | undefined,
): number {
  const slack = followedCollectionEveryMs === undefined ? 0 : Math.min(followedCollectionEveryMs, intervalMs) / 2;
  return Math.max(startedAt + intervalMs + slack, nowMs);
}

export interface Landing {
  /** When the group last evaluated (undefined: not yet; it keeps its first slot). */
  readonly lastAt: number | undefined;
  /** When it is due to evaluate next. */
  readonly scheduledAt: number;
  /** When new samples landed in the store. */
  readonly landedAt: number;
  readonly intervalMs: number;
  /** How often samples land (the collection interval). */
  readonly collectionIntervalMs: number;
}

/** When the group evaluates next, now that samples landed: earlier than scheduled only, never closer than allowed. */
export function evaluationAfterLanding(landing: Landing): number {
  const { lastAt, scheduledAt, landedAt, intervalMs } = landing;
  if (lastAt === undefined) return scheduledAt;
  const minimumGap = intervalMs - Math.min(landing.collectionIntervalMs, intervalMs) / 2;
  return Math.min(scheduledAt, Math.max(landedAt, lastAt + minimumGap));
}
