import { describe, expect, it } from 'vitest';
import { alertingConfigSchema, type AlertingConfigInput } from '../../../src/notify/config.js';
import { buildRoute } from '../../../src/notify/route.js';
import { unroutedWatchdog } from '../../../src/notify/watchdog-route.js';

const routeOf = (route: AlertingConfigInput['route']) =>
  buildRoute(alertingConfigSchema.parse({ receivers: [{ name: 'team' }, { name: 'dms' }], route }).route!);

const watchdog = { alertname: 'Watchdog', severity: 'none' };

describe('the Watchdog alert reaches only a route that names it', () => {
  it.each<[string, AlertingConfigInput['route'], Record<string, string>, boolean]>([
    ['root only: dropped', { receiver: 'team' }, watchdog, true],
    ['another alert on the root: kept', { receiver: 'team' }, { alertname: 'PostgresDown' }, false],
    [
      'a dead-man route: kept',
      { receiver: 'team', routes: [{ matchers: ['alertname="Watchdog"'], receiver: 'dms', repeat_interval: '1m' }] },
      watchdog,
      false,
    ],
    [
      'a child route matching severity=none: kept',
      { receiver: 'team', routes: [{ matchers: ['severity="none"'], receiver: 'dms' }] },
      watchdog,
      false,
    ],
    [
      'children for other alerts only: dropped',
      { receiver: 'team', routes: [{ matchers: ['severity="critical"'], receiver: 'dms' }] },
      watchdog,
      true,
    ],
  ])('%s', (_name, route, labels, dropped) => {
    expect(unroutedWatchdog(routeOf(route), labels)).toBe(dropped);
  });
});
