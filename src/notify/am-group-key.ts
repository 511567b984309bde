// Alertmanager's spelling of a group key, `{}/{severity="critical"}:{alertname="X"}` (route matchers from the root,
// then the group labels). pgwarden keys its groups by route position (`0.1:{…}`, stable across config edits of
// matchers); PagerDuty's dedup_key and Opsgenie's alias hash Alertmanager's spelling, so an incident opened by
// Alertmanager is updated and resolved by pgwarden after a switch, and the other way round.
import type { RouteConfig } from './config.js';
import type { Matcher } from './matcher.js';
import { buildRoute, type Route } from './route.js';

/** Go's `%q` for the ASCII-printable text label values normally are. */
const quote = (text: string) => JSON.stringify(text);

/** Alertmanager's labels.Matchers.String() after sort.Sort: by name, then value, then type. */
function matchersKey(matchers: readonly Matcher[]): string {
  const sorted = [...matchers].sort(
    (a, b) =>
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  return `{${sorted.map((m) => `${m.name}${m.type}${quote(m.value)}`).join(',')}}`;
}

/** Route id → Alertmanager's Route.Key(). */
function routeKeys(route: Route, parentKey: string | undefined, out: Map<string, string>): Map<string, string> {
  const key = `${parentKey === undefined ? '' : `${parentKey}/`}${matchersKey(route.matchers)}`;
  out.set(route.id, key);
  for (const child of route.routes) routeKeys(child, key, out);
  return out;
}

/** Translates pgwarden's group keys (`<route id>:<labels>`) into Alertmanager's for this routing tree. */
export function alertmanagerGroupKeys(config: RouteConfig | undefined): (groupKey: string) => string {
  const keys = config ? routeKeys(buildRoute(config), undefined, new Map()) : new Map<string, string>();
  return (groupKey) => {
    const split = groupKey.indexOf(':');
    const routeKey = keys.get(groupKey.slice(0, split));
    return routeKey === undefined || split < 0 ? groupKey : `${routeKey}${groupKey.slice(split)}`;
  };
}
