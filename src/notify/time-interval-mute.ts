// The route-level time mute (Alertmanager's TimeMuteStage and TimeActiveStage): a route sends nothing while now is
// inside one of its mute_time_intervals, or outside all of its active_time_intervals when it has some. Pure.
import type { Route } from './route.js';
import { inAnyInterval, type TimeInterval } from './time-interval.js';

export function isTimeMuted(
  route: Pick<Route, 'muteTimeIntervals' | 'activeTimeIntervals'>,
  intervals: ReadonlyMap<string, readonly TimeInterval[]>,
  now: number,
): boolean {
  const date = new Date(now);
  const inNamed = (name: string) => inAnyInterval(intervals.get(name) ?? [], date);
  if (route.muteTimeIntervals.some(inNamed)) return true;
  return route.activeTimeIntervals.length > 0 && !route.activeTimeIntervals.some(inNamed);
}
