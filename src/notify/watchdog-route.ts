// The shipped Watchdog alert fires all the time (alert-rules/pgwarden.rules.yml): it is meant for a dead man's switch,
// never for people. So it is notified only where a route below the root matches it; the root route's catch-all
// receiver (the team) never gets it. kube-prometheus ships a `null` route for the same reason. Pure.
import type { Labels } from '../collect/model.js';
import { matchRoutes, type Route } from './route.js';

export const WATCHDOG_ALERT = 'Watchdog';

export function unroutedWatchdog(root: Route, labels: Labels): boolean {
  return labels.alertname === WATCHDOG_ALERT && matchRoutes(root, labels).every((route) => route.id === root.id);
}
