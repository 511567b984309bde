import { describe, expect, it } from 'vitest';
import { alertingConfigSchema } from '../../../src/notify/config.js';
import { buildRoute } from '../../../src/notify/route.js';
import { buildTimeIntervals } from '../../../src/notify/time-interval-config.js';
import { timeIntervalStatus } from '../../../src/notify/time-interval-status.js';

const config = alertingConfigSchema.parse({
  time_intervals: [
    { name: 'lunch', time_intervals: [{ times: [{ start_time: '12:00', end_time: '13:00' }] }] },
    { name: 'office', time_intervals: [{ weekdays: ['monday:friday'], location: 'Europe/Berlin' }] },
  ],
  mute_time_intervals: [{ name: 'unused', time_intervals: [{ months: ['february'] }] }],
  receivers: [{ name: 'dba' }, { name: 'ops' }],
  route: {
    receiver: 'dba',
    routes: [
      { matchers: ['team="dba"'], mute_time_intervals: ['lunch'], active_time_intervals: ['office'] },
      { matchers: ['team="ops"'], receiver: 'ops', mute_time_intervals: ['lunch'] },
    ],
  },
});
const intervals = buildTimeIntervals(config.time_intervals, config.mute_time_intervals);
const route = buildRoute(config.route!);

describe('time interval status', () => {
  it.each([
    // Monday 2021-01-04: 12:30 UTC is lunch and Berlin office hours.
    ['2021-01-04T12:30:00Z', { lunch: true, office: true, unused: false }],
    ['2021-01-04T13:00:00Z', { lunch: false, office: true, unused: false }],
    // Saturday 2021-01-02 23:30 UTC is Sunday 00:30 in Berlin: no office; lunch no.
    ['2021-01-02T23:30:00Z', { lunch: false, office: false, unused: false }],
    // Friday 2021-01-01 23:30 UTC is Saturday in Berlin.
    ['2021-01-01T23:30:00Z', { lunch: false, office: false, unused: false }],
    ['2021-02-01T12:00:00Z', { lunch: true, office: true, unused: true }],
  ])('at %s', (at, expected) => {
    const status = timeIntervalStatus(intervals, route, Date.parse(at));
    expect(Object.fromEntries(status.map((s) => [s.name, s.active]))).toEqual(expected);
  });

  it('names the routes that use each interval', () => {
    const status = timeIntervalStatus(intervals, route, 0);
    expect(status.map((s) => s.name)).toEqual(['lunch', 'office', 'unused']);
    expect(status[0]?.usedBy).toEqual([
      { route: '0.0', receiver: 'dba', as: 'mute' },
      { route: '0.1', receiver: 'ops', as: 'mute' },
    ]);
    expect(status[1]?.usedBy).toEqual([{ route: '0.0', receiver: 'dba', as: 'active' }]);
    expect(status[2]?.usedBy).toEqual([]);
  });
});
