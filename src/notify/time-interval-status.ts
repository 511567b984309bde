// Which named time intervals are active at a moment, and which routes use them (GET
// /api/v1/notifications/time-intervals, the console). Pure.
import type { Route } from './route.js';
import { inAnyInterval, type TimeInterval } from './time-interval.js';

export interface TimeIntervalUse {
  /** The route's path of child indexes from the root (`0` is the root, `0.1` its second child). */
  readonly route: string;
  readonly receiver: string;
  /** `mute`: the route sends nothing while the interval is active; `active`: it sends only then. */
  readonly as: 'mute' | 'active';
}

export interface TimeIntervalStatus {
  readonly name: string;
  readonly active: boolean;
  readonly usedBy: TimeIntervalUse[];
}

function uses(route: Route | undefined, out: Map<string, TimeIntervalUse[]>): void {
  if (!route) return;
  const add = (name: string, as: 'mute' | 'active') =>
    out.set(name, [...(out.get(name) ?? []), { route: route.id, receiver: route.receiver, as }]);
  route.muteTimeIntervals.forEach((name) => add(name, 'mute'));
  route.activeTimeIntervals.forEach((name) => add(name, 'active'));
  route.routes.forEach((child) => uses(child, out));
}

/** Every named interval, in name order, with whether `now` is inside it and the routes that name it. */
export function timeIntervalStatus(
  intervals: ReadonlyMap<string, readonly TimeInterval[]>,
  root: Route | undefined,
  now: number,
): TimeIntervalStatus[] {
  const usedBy = new Map<string, TimeIntervalUse[]>();
  uses(root, usedBy);
  const date = new Date(now);
  return [...intervals.keys()].sort().map((name) => ({
    name,
    active: inAnyInterval(intervals.get(name) ?? [], date),
    usedBy: usedBy.get(name) ?? [],
  }));
}
