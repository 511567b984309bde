import { describe, expect, it } from 'vitest';
import { maintenanceSilence, openMaintenance } from '../../../src/notify/maintenance.js';
import type { GettableSilence } from '../../../src/notify/silence.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');

describe('maintenance silences', () => {
  it.each([
    [{ duration: '2h' }, '2026-03-01T12:00:00.000Z', 'maintenance of target db1'],
    [
      { duration: '30m', comment: 'migration', createdBy: 'ann' },
      '2026-03-01T10:30:00.000Z',
      'maintenance of target db1: migration',
    ],
    [{ duration: '7d' }, '2026-03-08T10:00:00.000Z', 'maintenance of target db1'],
  ])('%j mutes instance="db1" until %s', (body, endsAt, comment) => {
    const silence = maintenanceSilence('db1', body, NOW);
    expect(silence).toMatchObject({ startsAt: '2026-03-01T10:00:00.000Z', endsAt, comment });
    expect(silence.matchers).toEqual([{ name: 'instance', value: 'db1', isRegex: false, isEqual: true }]);
    expect(silence.createdBy).toBe((body as { createdBy?: string }).createdBy ?? 'pgwarden maintenance API');
  });

  it.each([
    [{}, /duration: .*(expected string|received undefined)/i],
    [{ duration: 'soon' }, /duration: "soon" is not/],
    [{ duration: '0s' }, /more than 0 and at most 7d/],
    [{ duration: '8d' }, /more than 0 and at most 7d/],
    [{ duration: '1h', until: 'x' }, /invalid maintenance request/],
    [{ duration: 3600 }, /duration/],
  ])('refuses %j', (body, message) => {
    expect(() => maintenanceSilence('db1', body, NOW)).toThrow(message);
  });

  it('finds only the open maintenance silences of that target', () => {
    const silence = (id: string, comment: string, state: 'active' | 'expired', value = 'db1'): GettableSilence => ({
      id,
      status: { state },
      updatedAt: '',
      startsAt: '',
      endsAt: '',
      createdBy: 'x',
      comment,
      matchers: [{ name: 'instance', value, isRegex: false, isEqual: true }],
    });
    const list = [
      silence('a', 'maintenance of target db1: upgrade', 'active'),
      silence('b', 'maintenance of target db1', 'expired'),
      silence('c', 'maintenance of target db10', 'active', 'db10'),
      silence('d', 'vacuum window', 'active'),
      silence('e', 'maintenance of target db1', 'active'),
    ];
    expect(openMaintenance(list, 'db1').map((s) => s.id)).toEqual(['a', 'e']);
  });
});
