import { describe, expect, it } from 'vitest';
import { needsUpdate, type NotificationLogEntry } from '../../../src/notify/dedup.js';

const HOUR = 3600_000;
const now = 10 * HOUR;
const entry = (firing: string[], resolved: string[], age = 0): NotificationLogEntry => ({
  firing,
  resolved,
  timestamp: now - age,
});
const set = (...items: string[]) => new Set(items);

describe('needsUpdate (Alertmanager dedup)', () => {
  it.each<[string, NotificationLogEntry | undefined, Set<string>, Set<string>, boolean, boolean]>([
    ['first firing', undefined, set('a'), set(), false, true],
    ['never notified, only resolved', undefined, set(), set('a'), true, false],
    ['nothing new', entry(['a'], []), set('a'), set(), true, false],
    ['new alert in group', entry(['a'], []), set('a', 'b'), set(), false, true],
    ['fewer firing, no send_resolved', entry(['a', 'b'], []), set('a'), set('b'), false, false],
    ['newly resolved with send_resolved', entry(['a', 'b'], []), set('a'), set('b'), true, true],
    ['already-notified resolved', entry(['a'], ['b']), set('a'), set('b'), true, false],
    ['all resolved, receiver knew firing', entry(['a'], []), set(), set('a'), false, true],
    ['all resolved, receiver knew nothing firing', entry([], ['a']), set(), set('a'), true, false],
    ['repeat interval elapsed', entry(['a'], [], 4 * HOUR + 1), set('a'), set(), false, true],
    ['repeat interval exactly now', entry(['a'], [], 4 * HOUR), set('a'), set(), false, false],
    ['repeat interval not elapsed', entry(['a'], [], HOUR), set('a'), set(), false, false],
  ])('%s', (_name, last, firing, resolved, sendResolved, expected) => {
    expect(needsUpdate(last, firing, resolved, sendResolved, 4 * HOUR, now)).toBe(expected);
  });
});
