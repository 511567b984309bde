import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../../src/notify/aggregator.js';
import { alertingConfigSchema } from '../../../src/notify/config.js';
import { flushDueGroups } from '../../../src/notify/flush-groups.js';
import { buildRoute } from '../../../src/notify/route.js';
import { emptyState } from '../../../src/notify/state.js';
import { buildTimeIntervals } from '../../../src/notify/time-interval-config.js';
import type { NotifiableAlert } from '../../../src/notify/types.js';

// Route `0.0` (team=dba) is muted 12:00-13:00 UTC; the root route is never muted.
const config = alertingConfigSchema.parse({
  time_intervals: [{ name: 'lunch', time_intervals: [{ times: [{ start_time: '12:00', end_time: '13:00' }] }] }],
  receivers: [{ name: 'dba' }],
  route: {
    receiver: 'dba',
    group_by: ['alertname'],
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '4h',
    routes: [{ matchers: ['team="dba"'], mute_time_intervals: ['lunch'] }],
  },
});
const intervals = buildTimeIntervals(config.time_intervals, config.mute_time_intervals);
const receivers = new Map([['dba', [{ name: 'webhook' as const, index: 0, sendResolved: true }]]]);
const NOON = Date.parse('2021-01-04T12:00:00Z');

function alert(fingerprint: string, labels: Record<string, string>, endsAt = 0): NotifiableAlert {
  const status = endsAt ? 'resolved' : 'firing';
  return { labels, annotations: {}, startsAt: NOON, endsAt, generatorURL: '', status, fingerprint };
}

describe('flush with time intervals', () => {
  it('sends and logs nothing while muted, then sends what still fires when the window ends', () => {
    const aggregator = new Aggregator(buildRoute(config.route!));
    const state = emptyState();
    const flush = (now: number) => flushDueGroups(aggregator, state, receivers, [], () => false, now, intervals);
    aggregator.insert(alert('a', { alertname: 'Lag', team: 'dba' }), NOON);
    aggregator.insert(alert('b', { alertname: 'Lag', team: 'ops' }), NOON);
    aggregator.insert(alert('gone', { alertname: 'Down', team: 'dba' }, NOON + 60_000), NOON);
    flush(NOON + 30_000);
    // Only the unmuted root route's group is notified and logged.
    expect(state.outbox.map((n) => `${n.groupKey}:${n.alerts.map((a) => a.fingerprint).join(',')}`)).toEqual([
      '0:{alertname="Lag"}:b',
    ]);
    expect(Object.keys(state.nflog)).toHaveLength(1);
    // Resolved during the window: it leaves its group unsent, as after a successful flush.
    flush(NOON + 330_000);
    expect([...aggregator.groups.keys()].sort()).toEqual(['0.0:{alertname="Lag"}', '0:{alertname="Lag"}']);
    expect(state.outbox).toHaveLength(1);
    // 13:00: the window is over, the still-firing alert goes out at the next group_interval.
    flush(Date.parse('2021-01-04T13:00:30Z'));
    expect(state.outbox.map((n) => `${n.groupKey}:${n.alerts.map((a) => a.fingerprint).join(',')}`)).toEqual([
      '0:{alertname="Lag"}:b',
      '0.0:{alertname="Lag"}:a',
    ]);
    expect(Object.keys(state.nflog)).toHaveLength(2);
  });
});
