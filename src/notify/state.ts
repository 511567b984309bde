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
