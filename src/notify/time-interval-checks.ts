// Cross-field checks of time intervals (Alertmanager's): names are unique across `time_intervals` and
// `mute_time_intervals`, routes name only defined intervals, and the root route has none.
import type { z } from 'zod';
import type { RouteConfig } from './config.js';
import type { NamedTimeIntervalConfig } from './time-interval-config.js';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

export function checkTimeIntervals(
  cfg: {
    time_intervals: NamedTimeIntervalConfig[];
    mute_time_intervals: NamedTimeIntervalConfig[];
    route?: RouteConfig | undefined;
  },
  ctx: Ctx,
): void {
  const names = new Set<string>();
  for (const section of ['time_intervals', 'mute_time_intervals'] as const) {
    cfg[section].forEach((named, index) => {
      if (names.has(named.name))
        ctx.addIssue({
          code: 'custom',
          path: [section, index, 'name'],
          message: `duplicate time interval "${named.name}"`,
        });
      names.add(named.name);
    });
  }
  if (!cfg.route) return;
  for (const key of ['mute_time_intervals', 'active_time_intervals'] as const) {
    if (cfg.route[key]?.length)
      ctx.addIssue({ code: 'custom', path: ['route', key], message: `the root route must not have ${key}` });
  }
  checkRouteIntervals(cfg.route, ['route'], names, ctx);
}

function checkRouteIntervals(route: RouteConfig, path: Path, names: Set<string>, ctx: Ctx): void {
  for (const key of ['mute_time_intervals', 'active_time_intervals'] as const) {
    route[key]?.forEach((name, index) => {
      if (!names.has(name))
        ctx.addIssue({ code: 'custom', path: [...path, key, index], message: `undefined time interval "${name}"` });
    });
  }
  route.routes?.forEach((child, index) => checkRouteIntervals(child, [...path, 'routes', index], names, ctx));
}
