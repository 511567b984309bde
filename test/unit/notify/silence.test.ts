import { describe, expect, it } from 'vitest';
import { isSilenced, parsePostableSilence, silenceState, toGettable } from '../../../src/notify/silence.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const body = (over: Record<string, unknown> = {}) => ({
  matchers: [{ name: 'instance', value: 'db1', isRegex: false }],
  startsAt: '2026-01-01T11:00:00Z',
  endsAt: '2026-01-01T13:00:00Z',
  createdBy: 'ops',
  comment: 'maintenance',
  ...over,
});

describe('silences', () => {
  it('parses a postable silence and reports it in the API shape', () => {
    const silence = parsePostableSilence(body(), 'id1', now);
    expect(toGettable(silence, now)).toEqual({
      id: 'id1',
      status: { state: 'active' },
      updatedAt: '2026-01-01T12:00:00.000Z',
      matchers: [{ name: 'instance', value: 'db1', isRegex: false, isEqual: true }],
      startsAt: '2026-01-01T12:00:00.000Z',
      endsAt: '2026-01-01T13:00:00.000Z',
      createdBy: 'ops',
      comment: 'maintenance',
    });
  });

  it.each([
    [{ endsAt: '2026-01-01T10:00:00Z' }, /endsAt/],
    [{ endsAt: '2026-01-01T11:30:00Z' }, /past/],
    [{ matchers: [] }, /matchers/],
    [{ matchers: [{ name: 'a', value: '.*', isRegex: true }] }, /empty string/],
    [{ matchers: [{ name: 'a', value: '(', isRegex: true }] }, /regex/],
    [{ comment: '' }, /comment/],
  ])('rejects %j', (over, message) => {
    expect(() => parsePostableSilence(body(over), 'x', now)).toThrow(message);
  });

  it.each([
    [{ instance: 'db1', alertname: 'A' }, now, true],
    [{ instance: 'db2' }, now, false],
    [{ instance: 'db1' }, Date.parse('2026-01-01T13:00:00Z'), false],
  ])('isSilenced %j at %d → %s', (labels, at, expected) => {
    expect(isSilenced([parsePostableSilence(body(), 's', now)], labels, at)).toBe(expected);
  });

  it('honours isEqual=false and regex matchers', () => {
    const s = parsePostableSilence(
      body({
        matchers: [
          { name: 'severity', value: 'warn.*', isRegex: true },
          { name: 'env', value: 'prod', isRegex: false, isEqual: false },
        ],
      }),
      's',
      now,
    );
    expect(isSilenced([s], { severity: 'warning', env: 'dev' }, now)).toBe(true);
    expect(isSilenced([s], { severity: 'warning', env: 'prod' }, now)).toBe(false);
  });

  it.each([
    [now - 1, now + 1, 'active'],
    [now + 1, now + 2, 'pending'],
    [now - 2, now, 'expired'],
  ])('state of [%d, %d) → %s', (startsAt, endsAt, state) => {
    const s = { id: 'x', matchers: [], startsAt, endsAt, updatedAt: 0, createdBy: '', comment: '' };
    expect(silenceState(s, now)).toBe(state);
  });
});
