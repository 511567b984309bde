// Aggregation groups: alerts routed to the same route with the same group labels are notified together. Group state
// is plain data so it can be persisted with the outbox and restored after a restart.
import type { Route } from './route.js';
import { matchRoutes } from './route.js';
import { groupKey, groupLabels } from './group.js';
import type { Labels } from '../collect/model.js';
import type { NotifiableAlert } from './types.js';

export interface GroupState {
  key: string;
  routeId: string;
  receiver: string;
  groupLabels: Labels;
  alerts: Record<string, NotifiableAlert>;
  nextFlushAt: number;
  /** Whether the group has been flushed once; afterwards new alerts wait for group_interval, not group_wait. */
  flushed: boolean;
}

function routeIndex(route: Route, into = new Map<string, Route>()): Map<string, Route> {
  into.set(route.id, route);
  route.routes.forEach((child) => routeIndex(child, into));
  return into;
}

// A resolved alert that was notified and dropped is re-submitted by the rule engine for a while; it must not
// re-create its group.
const FORGET_RESOLVED_AFTER_MS = 3600_000;

export class Aggregator {
  readonly groups = new Map<string, GroupState>();
  private readonly routes: Map<string, Route>;
  private readonly dropped = new Map<string, { endsAt: number; at: number }>();

  constructor(private readonly root: Route) {
    this.routes = routeIndex(root);
  }

  route(id: string): Route | undefined {
    return this.routes.get(id);
  }

  /** Restores persisted groups whose route still exists (a config change may have removed it). */
  restore(groups: readonly GroupState[]): void {
    // A reloaded `alerting:` may give a route another receiver: the group goes to the route's receiver now (and, its
    // notification-log lane being another, notifies it as a new receiver).
    for (const group of groups) {
      const route = this.routes.get(group.routeId);
      if (route) this.groups.set(group.key, { ...group, receiver: route.receiver });
    }
  }

  /** Adds or updates an alert in every group it routes to; returns true when membership or status changed. */
  insert(alert: NotifiableAlert, now: number): boolean {
    const dropped = this.dropped.get(alert.fingerprint);
    if (alert.status === 'resolved' && dropped?.endsAt === alert.endsAt) return false;
    if (alert.status === 'firing') this.dropped.delete(alert.fingerprint);
    let changed = false;
    for (const route of matchRoutes(this.root, alert.labels)) {
      const labels = groupLabels(route.groupBy, alert.labels);
      const key = groupKey(route.id, labels);
      let group = this.groups.get(key);
      if (!group) {
        group = {
          key,
          routeId: route.id,
          receiver: route.receiver,
          groupLabels: labels,
          alerts: {},
          nextFlushAt: now + route.groupWaitMs,
          flushed: false,
        };
        this.groups.set(key, group);
      }
      const previous = group.alerts[alert.fingerprint];
      if (!previous || previous.status !== alert.status || previous.endsAt !== alert.endsAt) changed = true;
      group.alerts[alert.fingerprint] = alert;
      if (!group.flushed && alert.startsAt + route.groupWaitMs < now)
        group.nextFlushAt = Math.min(group.nextFlushAt, now);
    }
    return changed;
  }

  due(now: number): GroupState[] {
    return [...this.groups.values()].filter((group) => group.nextFlushAt <= now);
  }

  nextDueAt(): number {
    let next = Infinity;
    for (const group of this.groups.values()) next = Math.min(next, group.nextFlushAt);
    return next;
  }

  /** After a flush: drop the resolved alerts that were notified, schedule the next flush or drop the empty group. */
  afterFlush(group: GroupState, resolved: readonly NotifiableAlert[], now: number): void {
    for (const alert of resolved) {
      if (group.alerts[alert.fingerprint] === alert) {
        delete group.alerts[alert.fingerprint];
        this.dropped.set(alert.fingerprint, { endsAt: alert.endsAt, at: now });
      }
    }
    for (const [fingerprint, entry] of this.dropped)
      if (entry.at < now - FORGET_RESOLVED_AFTER_MS) this.dropped.delete(fingerprint);
    if (Object.keys(group.alerts).length === 0) {
      this.groups.delete(group.key);
      return;
    }
    group.flushed = true;
    group.nextFlushAt = now + (this.routes.get(group.routeId)?.groupIntervalMs ?? 0);
  }

  /** Every firing alert in any group, for inhibition. */
  firingAlerts(isResolved: (alert: NotifiableAlert) => boolean): NotifiableAlert[] {
    const byFingerprint = new Map<string, NotifiableAlert>();
    for (const group of this.groups.values()) {
      for (const alert of Object.values(group.alerts))
        if (!isResolved(alert)) byFingerprint.set(alert.fingerprint, alert);
    }
    return [...byFingerprint.values()];
  }
}
