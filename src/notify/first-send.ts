// Whether a flush's notifications may be sent while the state file that records them is still being written (an
// fsync takes 5-200 ms on a loaded disk, all of it added to the time from condition to request otherwise).
//
// Never losing a notification across kill -9 needs, at the moment a request leaves, something on disk from which the
// restarted agent plans the same notification again. The outbox entry is one such thing. The other is the group
// itself: a flush is a function of the group's alerts, the notification log and the time, so when the group's alerts
// are on disk and the flush's outcome (outbox entry, log entry) is not, the restarted agent finds the group overdue
// and flushes it again, planning the same notification. That holds when every alert change the groups received was
// saved before this flush: the usual case, since alerts arrive group_wait before the flush and their save follows at
// once. Alerts that arrived since the last save (a group_wait of 0, or a flush right after an insert) make the flush
// wait for its write. A kill during the request duplicates the message at worst, as a kill during any in-flight
// request does (docs/notifications.md). Pure.
export function sendsBeforeSaving(unsavedAlerts: boolean): boolean {
  return !unsavedAlerts;
}
