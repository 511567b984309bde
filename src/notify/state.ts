// The persisted notification state, one crash-safe file: aggregation groups, the notification log, the outbox and the
// dead letters. One file written atomically keeps them consistent with each other after a kill -9.
import type { GroupState } from './aggregator.js';
import type { NotificationLogEntry } from './dedup.js';
import type { DeadLetter, Notification } from './types.js';

export interface DeliveryRecord {
  readonly notificationId: string;
  readonly deliveredAt: number;
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
}

export interface NotifyState {
  version: 1;
  groups: GroupState[];
  /** Dedup log by lane (group key + receiver + integration): the last notification decided. */
  nflog: Record<string, NotificationLogEntry>;
  /** By lane: the last notification a receiver accepted (what was sent to whom, when). */
  delivered: Record<string, DeliveryRecord>;
  outbox: Notification[];
  deadLetters: DeadLetter[];
}

export const MAX_DEAD_LETTERS = 200;

export function emptyState(): NotifyState {
  return { version: 1, groups: [], nflog: {}, delivered: {}, outbox: [], deadLetters: [] };
}

/** Drops log entries of groups that no longer exist once they are older than the retention (Alertmanager: 5 days). */
export function pruneLog(state: NotifyState, liveGroupKeys: ReadonlySet<string>, olderThan: number): void {
  for (const [lane, entry] of Object.entries(state.nflog)) {
    const groupKey = lane.split('\u001f')[0] ?? '';
    if (!liveGroupKeys.has(groupKey) && entry.timestamp < olderThan) {
      delete state.nflog[lane];
      delete state.delivered[lane];
    }
  }
}

/** A state.json as read at start; throws with the reason when it is not one (an empty object, a truncated write). */
export function validNotifyState(value: unknown): NotifyState {
  const v = value as Partial<Record<keyof NotifyState, unknown>> | null;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
  if (v.version !== 1) throw new Error(`unknown version ${JSON.stringify(v.version ?? null)}`);
  for (const key of ['groups', 'outbox', 'deadLetters'] as const) {
    if (!Array.isArray(v[key])) throw new Error(`${key} is not a list`);
  }
  for (const key of ['nflog', 'delivered'] as const) {
    if (typeof v[key] !== 'object' || v[key] === null || Array.isArray(v[key]))
      throw new Error(`${key} is not an object`);
  }
  return v as NotifyState;
}
