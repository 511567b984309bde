import { describe, expect, it } from 'vitest';
import { attemptOf, RecentDeliveries } from '../../../src/notify/recent-deliveries.js';
import type { Notification } from '../../../src/notify/types.js';

const notification = (receiver: string, alertnames: string[], attempts = 0): Notification => ({
  id: `${receiver}-${alertnames.join()}`,
  lane: receiver,
  groupKey: '{}:{}',
  receiver,
  integration: 'webhook',
  index: 0,
  groupLabels: { alertname: alertnames[0] ?? '' },
  alerts: alertnames.map((alertname, i) => ({
    labels: { alertname },
    annotations: {},
    fingerprint: String(i),
    status: 'firing',
    startsAt: 0,
    endsAt: 0,
    value: 1,
  })) as unknown as Notification['alerts'],
  createdAt: 0,
  attempts,
  nextAttemptAt: 0,
});

describe('attemptOf', () => {
  it.each([
    ['delivered on the first attempt', 0, 'delivered', undefined, { attempts: 1 }],
    ['failed (attempts already counted)', 2, 'failed', { reason: 'http_503' }, { attempts: 2, reason: 'http_503' }],
    [
      'dead-lettered with its scrubbed detail',
      1,
      'dead-lettered',
      { reason: 'smtp_550', detail: 'mailbox unavailable' },
      { attempts: 1, reason: 'smtp_550', detail: 'mailbox unavailable' },
    ],
  ] as const)('%s', (_name, attempts, outcome, failure, expected) => {
    const a = attemptOf(notification('ops', ['A', 'B', 'A'], attempts), 5, outcome, failure);
    expect(a).toMatchObject({ at: 5, receiver: 'ops', alertnames: ['A', 'B'], alerts: 3, outcome, ...expected });
    if (!failure) expect(a).not.toHaveProperty('reason');
  });
});

describe('RecentDeliveries', () => {
  it('keeps the last N attempts per receiver, newest first, receivers by name', () => {
    const ring = new RecentDeliveries(3, 10);
    for (let at = 1; at <= 5; at++) ring.record(attemptOf(notification('b', ['X']), at, 'delivered'));
    ring.record(attemptOf(notification('a', ['Y']), 9, 'failed', { reason: 'timeout' }));
    const list = ring.list();
    expect(list.map((r) => r.receiver)).toEqual(['a', 'b']);
    expect(list[1]?.attempts.map((a) => a.at)).toEqual([5, 4, 3]);
  });

  it('forgets the receiver attempted longest ago beyond the receiver bound', () => {
    const ring = new RecentDeliveries(3, 2);
    ring.record(attemptOf(notification('a', ['X']), 1, 'delivered'));
    ring.record(attemptOf(notification('b', ['X']), 2, 'delivered'));
    ring.record(attemptOf(notification('a', ['X']), 3, 'delivered'));
    ring.record(attemptOf(notification('c', ['X']), 4, 'delivered'));
    expect(ring.list().map((r) => r.receiver)).toEqual(['a', 'c']);
  });
});
