// When the rules may run on a target's samples after a start. The store lives in memory, so until a target's first
// collection it is empty, and a backup source's first collections report dumps whose verification has not finished
// yet: a problem only verification finds (checksum mismatch, corrupt archive) then counts 0. Evaluating on either
// would resolve restored firing alerts and fire them again moments later. The wait is bounded, because no rule runs
// meanwhile and restored alerts resolve by themselves (endsAt) after a few minutes without evaluation.
import type { MetricFamily } from '../collect/model.js';

/** The backup family that counts dumps still waiting for verification (src/collect/backups/families.ts). */
const VERIFICATION_PENDING = 'pg_backup_verification_pending';

export interface Readiness {
  /** When the target's first snapshot arrived (ms). */
  readonly firstSnapshotAt: number;
  readonly maxWaitMs: number;
}

export function verdictsPending(families: readonly MetricFamily[]): boolean {
  const family = families.find((f) => f.name === VERIFICATION_PENDING);
  return family?.samples.some((s) => s.value > 0) ?? false;
}

/** Whether the rules may start on this target: its snapshot has every verdict, or it has waited long enough. */
export function targetReady(families: readonly MetricFamily[], readiness: Readiness, nowMs: number): boolean {
  return !verdictsPending(families) || nowMs - readiness.firstSnapshotAt >= readiness.maxWaitMs;
}

/** Between one and three minutes: three collections, well under the four minutes after which alerts resolve. */
export function maxVerdictWaitMs(collectionIntervalMs: number): number {
  return Math.min(Math.max(60_000, 3 * collectionIntervalMs), 180_000);
}
