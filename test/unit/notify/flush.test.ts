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

  it('muted alerts are left out; a fully muted group sends nothing and leaves the notification log alone', () => {
    const agg = new Aggregator(route);
    const log = new Map<string, NotificationLogEntry>();
    agg.insert(alert('a', 'firing'), T0 + 60_000);
    agg.insert(alert('b', 'firing'), T0 + 60_000);
    expect(flush(agg, log, T0 + 60_000, ['b'])).toEqual(['email:a/firing', 'webhook:a/firing']);
    const before = [...log.entries()];
    expect(flush(agg, log, T0 + 360_000, ['a', 'b'])).toEqual([]);
    expect([...log.entries()]).toEqual(before);
  });
});

// Sequences taken from Alertmanager's notify pipeline (MuteStage → DedupStage.needsUpdate → RetryStage →
// SetNotifiesStage): muted alerts are filtered before dedup, and when nothing is left the pipeline stops without
// touching the notification log. Each step flushes at `at` (ms after T0; group_interval 5m, repeat 4h) with the
// fingerprints in `muted` silenced or inhibited, after inserting `insert`; `sent` is what each integration receives
// (email without send_resolved, webhook with it).
interface Step {
  at: number;
  insert?: [string, 'firing' | 'resolved'][];
  muted?: string[];
  sent: string[];
}
const MIN = 60_000;
describe('dedup across silences and inhibition (Alertmanager semantics)', () => {
  it.each<[string, Step[]]>([
    [
      'notified, inhibited, then resolved after the inhibition ended: the resolved message is sent',
      [
        { at: 1 * MIN, insert: [['a', 'firing']], sent: ['email:a/firing', 'webhook:a/firing'] },
        { at: 6 * MIN, muted: ['a'], sent: [] },
        { at: 11 * MIN, insert: [['a', 'resolved']], sent: ['webhook:a/resolved'] },
      ],
    ],
    [
      'notified, silenced, silence ends while it still fires: nothing (the receiver knows it fires)',
      [
        { at: 1 * MIN, insert: [['a', 'firing']], sent: ['email:a/firing', 'webhook:a/firing'] },
        { at: 6 * MIN, muted: ['a'], sent: [] },
        { at: 11 * MIN, sent: [] },
        { at: 16 * MIN, sent: [] },
      ],
    ],
    [
      'notified, muted past repeat_interval, unmuted: repeated as the repeat is due',
      [
        { at: 1 * MIN, insert: [['a', 'firing']], sent: ['email:a/firing', 'webhook:a/firing'] },
        { at: 6 * MIN, muted: ['a'], sent: [] },
        { at: 1 * MIN + 4 * 60 * MIN + 5 * MIN, muted: ['a'], sent: [] },
        { at: 1 * MIN + 4 * 60 * MIN + 10 * MIN, sent: ['email:a/firing', 'webhook:a/firing'] },
      ],
    ],
    [
      'silenced from the start, silence ends: first notification then',
      [
        { at: 1 * MIN, insert: [['a', 'firing']], muted: ['a'], sent: [] },
        { at: 6 * MIN, sent: ['email:a/firing', 'webhook:a/firing'] },
      ],
    ],
    [
      'resolved while silenced: dropped silently, as Alertmanager',
      [
        { at: 1 * MIN, insert: [['a', 'firing']], sent: ['email:a/firing', 'webhook:a/firing'] },
        { at: 6 * MIN, insert: [['a', 'resolved']], muted: ['a'], sent: [] },
        { at: 11 * MIN, sent: [] },
      ],
    ],
    [
      'one of two muted while the other resolves: the log then holds only what was visible, so the muted one is news again (as Alertmanager)',
      [
        {
          at: 1 * MIN,
          insert: [
            ['a', 'firing'],
            ['b', 'firing'],
          ],
          sent: ['email:a/firing,b/firing', 'webhook:a/firing,b/firing'],
        },
        { at: 6 * MIN, insert: [['a', 'resolved']], muted: ['b'], sent: ['webhook:a/resolved'] },
        { at: 11 * MIN, sent: ['email:b/firing', 'webhook:b/firing'] },
      ],
    ],
  ])('%s', (_name, steps) => {
    const agg = new Aggregator(route);
    const log = new Map<string, NotificationLogEntry>();
    for (const step of steps) {
      const now = T0 + step.at;
      for (const [fp, status] of step.insert ?? [])
        agg.insert(alert(fp, status, status === 'resolved' ? { endsAt: now } : {}), now);
      expect(flush(agg, log, now, step.muted)).toEqual(step.sent);
    }
  });
});
