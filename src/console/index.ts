// The web console: server-rendered pages over the agent's live state. Mounted ahead of the agent's other routes.
import type { Express } from 'express';
import type { ConsoleContext } from './context.js';
import { consoleRouter } from './router.js';
import { sameOriginGuard } from './same-origin.js';

export type { ConsoleContext } from './context.js';
export { UpTracker } from './up-tracker.js';

/**
 * Adds the cross-site guard for every state-changing request of the agent (console forms, silences API, reload) and
 * the console's routes. `allowedHosts`: hosts besides the request's own Host the browser may name as Origin.
 */
export function mountConsole(
  app: Express,
  ctx: ConsoleContext,
  allowedHosts: () => readonly string[] = () => [],
): void {
  app.use(sameOriginGuard(allowedHosts));
  app.use(consoleRouter(ctx));
}
