// Reads the agent's live state for the pages (I/O edge: everything else in the console is pure over these values).
import { alertsApiResponse } from '../rules/index.js';
import type { GettableSilence } from '../notify/index.js';
import { alertViews, type AlertView } from './alert-view.js';
import type { ConsoleContext } from './context.js';

export function silences(ctx: ConsoleContext): GettableSilence[] {
  return ctx.engine.notifier?.listSilences() ?? [];
}

export function currentAlerts(ctx: ConsoleContext): AlertView[] {
  const alerts = alertsApiResponse(ctx.engine.rules).data.alerts;
  return alertViews(alerts, ctx.engine.externalLabels, silences(ctx), ctx.engine.inhibitRules).map((view) => ({
    ...view,
    flapping: ctx.engine.flaps.isFlapping(view.labels),
  }));
}
