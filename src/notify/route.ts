// The routing tree: Alertmanager's semantics. Children inherit unset options from their parent; an alert goes to the
// deepest matching routes, stopping at the first matching child unless that child has `continue: true`.
import type { Labels } from '../collect/model.js';
import type { RouteConfig } from './config.js';
import { parseDurationMs } from './duration.js';
import { makeMatcher, matchesAll, parseMatchers, type Matcher } from './matcher.js';

export interface Route {
  /** Stable identity: the path of child indexes from the root, e.g. `0.2`; the root is `0`. */
  readonly id: string;
  readonly receiver: string;
  /** `'all'` when group_by contains `...` (group by every label). */
  readonly groupBy: readonly string[] | 'all';
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  /** Names of `time_intervals` during which this route sends nothing; not inherited (Alertmanager's rule). */
  readonly muteTimeIntervals: readonly string[];
  /** Names of `time_intervals` outside which this route sends nothing; not inherited. */
  readonly activeTimeIntervals: readonly string[];
  readonly routes: readonly Route[];
}

export const ROUTE_DEFAULTS = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3600_000 };

/** Collects `matchers`, legacy `match` and `match_re` into one list. */
export function routeMatchers(config: {
  matchers?: string[] | undefined;
  match?: Record<string, string> | undefined;
  match_re?: Record<string, string> | undefined;
}): Matcher[] {
  return [
    ...parseMatchers(config.matchers ?? []),
    ...Object.entries(config.match ?? {}).map(([name, value]) => makeMatcher(name, '=', value)),
    ...Object.entries(config.match_re ?? {}).map(([name, value]) => makeMatcher(name, '=~', value)),
  ];
}

export function buildRoute(config: RouteConfig, parent?: Route, id = '0'): Route {
  const groupBy = config.group_by ? (config.group_by.includes('...') ? 'all' : [...config.group_by]) : undefined;
  const optional = (text: string | undefined) => (text === undefined ? undefined : parseDurationMs(text));
  const route: Omit<Route, 'routes'> = {
    id,
    receiver: config.receiver ?? parent?.receiver ?? '',
    groupBy: groupBy ?? parent?.groupBy ?? [],
    groupWaitMs: optional(config.group_wait) ?? parent?.groupWaitMs ?? ROUTE_DEFAULTS.groupWaitMs,
    groupIntervalMs: optional(config.group_interval) ?? parent?.groupIntervalMs ?? ROUTE_DEFAULTS.groupIntervalMs,
    repeatIntervalMs: optional(config.repeat_interval) ?? parent?.repeatIntervalMs ?? ROUTE_DEFAULTS.repeatIntervalMs,
    matchers: routeMatchers(config),
    continue: config.continue ?? false,
    muteTimeIntervals: config.mute_time_intervals ?? [],
    activeTimeIntervals: config.active_time_intervals ?? [],
  };
  const self: Route = { ...route, routes: [] };
  return { ...route, routes: (config.routes ?? []).map((child, i) => buildRoute(child, self, `${id}.${i}`)) };
}

/** The routes an alert with these labels is sent to (Alertmanager's Route.Match). */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const all: Route[] = [];
  for (const child of route.routes) {
    const found = matchRoutes(child, labels);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [route];
}
