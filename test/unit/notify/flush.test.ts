import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../../src/notify/aggregator.js';
import { planFlush, type IntegrationRef } from '../../../src/notify/flush.js';
import type { NotificationLogEntry } from '../../../src/notify/dedup.js';
import { buildRoute } from '../../../src/notify/route.js';
import { isResolvedAt, type NotifiableAlert } from '../../../src/notify/types.js';

const route = buildRoute({
  receiver: 'r',
  group_by: ['alertname'],
  group_wait: '30s',
  group_interval: '5m',
  repeat_interval: '4h',
});
const T0 = 1_000_000_000;

function alert(
  fingerprint: string,
  status: 'firing' | 'resolved',
  over: Partial<NotifiableAlert> = {},
): NotifiableAlert {
  return {
    labels: { alertname: 'A', id: fingerprint },
    annotations: {},
    startsAt: T0,
    endsAt: status === 'resolved' ? T0 + 1 : 0,
    generatorURL: '',
    status,
    fingerprint,
    ...over,
  };
}

const email: IntegrationRef = { name: 'email', index: 0, sendResolved: false };
const hook: IntegrationRef = { name: 'webhook', index: 0, sendResolved: true };

function flush(agg: Aggregator, log: Map<string, NotificationLogEntry>, now: number, muted: string[] = []) {
  const out = [];
  let id = 0;
  for (const group of agg.due(now)) {
    const plan = planFlush({
      group,
      integrations: [email, hook],
      repeatIntervalMs: route.repeatIntervalMs,
      log: (lane) => log.get(lane),
      isResolved: (a) => isResolvedAt(a, now),
      isMuted: (a) => muted.includes(a.fingerprint),
      now,
      newId: () => `n${++id}`,
    });
    for (const [lane, entry] of plan.log) log.set(lane, entry);
    agg.afterFlush(group, plan.resolved, now);
    out.push(
      ...plan.notifications.map(
        (n) => `${n.integration}:${n.alerts.map((a) => `${a.fingerprint}/${a.status}`).join(',')}`,
      ),
    );
  }
  return out;
}

describe('aggregation and flush', () => {
  it('waits group_wait, batches, dedups, notifies resolved per send_resolved and repeats after repeat_interval', () => {
    const agg = new Aggregator(route);
    const log = new Map<string, NotificationLogEntry>();
    agg.insert(alert('a', 'firing', { startsAt: T0 }), T0);
    agg.insert(alert('b', 'firing', { startsAt: T0 }), T0 + 1000);
    expect(flush(agg, log, T0 + 29_000)).toEqual([]);
    expect(flush(agg, log, T0 + 30_000)).toEqual(['email:a/firing,b/firing', 'webhook:a/firing,b/firing']);
    // Re-submitting the same alerts changes nothing at the next group_interval.
    expect(agg.insert(alert('a', 'firing'), T0 + 60_000)).toBe(false);
    expect(flush(agg, log, T0 + 330_000)).toEqual([]);
    // b resolves: only the send_resolved integration hears of it; the resolved alert then leaves the group.
    agg.insert(alert('b', 'resolved', { endsAt: T0 + 400_000 }), T0 + 400_000);
    expect(flush(agg, log, T0 + 630_000)).toEqual(['webhook:a/firing,b/resolved']);
    expect(Object.keys(agg.groups.values().next().value!.alerts)).toEqual(['a']);
    // Nothing changes until repeat_interval has passed since the last notification of each integration.
    expect(flush(agg, log, T0 + 30_001 + 4 * 3600_000)).toEqual(['email:a/firing']);
    expect(flush(agg, log, T0 + 630_000 + 4 * 3600_000 + 300_000)).toEqual(['webhook:a/firing']);
  });

  it('an alert that is not re-submitted resolves at its endsAt and the emptied group disappears', () => {
    const agg = new Aggregator(route);
    const log = new Map<string, NotificationLogEntry>();
    agg.insert(alert('a', 'firing', { endsAt: T0 + 100_000 }), T0);
    expect(flush(agg, log, T0 + 30_000)).toHaveLength(2);
    // Without send_resolved the email integration only logs the resolution; it sends nothing.
    expect(flush(agg, log, T0 + 330_000)).toEqual(['webhook:a/resolved']);
    expect(agg.groups.size).toBe(0);
    // The rule engine re-sends the resolved alert for a while: it must not re-create the group.
    expect(agg.insert(alert('a', 'resolved', { endsAt: T0 + 100_000 }), T0 + 400_000)).toBe(false);
    expect(agg.groups.size).toBe(0);
  });

  it('flushes at once when the alert is older than group_wait (e.g. rebuilt after a restart) without re-sending', () => {
    const agg = new Aggregator(route);
    const log = new Map<string, NotificationLogEntry>();
    agg.insert(alert('a', 'firing'), T0 + 60_000);
    expect(flush(agg, log, T0 + 60_000)).toHaveLength(2);
    const restarted = new Aggregator(route);
    restarted.insert(alert('a', 'firing'), T0 + 120_000);
    expect(flush(restarted, log, T0 + 120_000)).toEqual([]);
  });

  it('muted alerts are left out, and a fully muted group is treated as resolved for the receiver', () => {
    const agg = new Aggregator(route);
    const log = new Map<string, NotificationLogEntry>();
    agg.insert(alert('a', 'firing'), T0 + 60_000);
    agg.insert(alert('b', 'firing'), T0 + 60_000);
    expect(flush(agg, log, T0 + 60_000, ['b'])).toEqual(['email:a/firing', 'webhook:a/firing']);
    expect(flush(agg, log, T0 + 360_000, ['a', 'b'])).toEqual([]);
  });
});
