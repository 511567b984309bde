import { describe, expect, it } from 'vitest';
import { FlapFilter } from '../../../src/flap/filter.js';
import { parseMatchers } from '../../../src/notify/matcher.js';
import type { NotifiableAlert } from '../../../src/notify/types.js';
import { alert, labels, MIN } from './support.js';

// What the notifier is handed: [flapping label or '-', status] per alert.
const seen = (alerts: NotifiableAlert[]) => alerts.map((a) => [a.labels.flapping ?? '-', a.status]);

describe('flap filter', () => {
  it('passes changes until flapping, then holds them behind one flapping alert until it settles', () => {
    const filter = new FlapFilter({ base: { windowMs: 10 * MIN, highChanges: 3, lowChanges: 0 }, overrides: [] });
    const at = (minute: number, status: 'firing' | 'resolved') =>
      seen(filter.apply([alert(status, minute * MIN)], minute * MIN));
    expect(at(0, 'firing')).toEqual([['-', 'firing']]);
    expect(at(1, 'resolved')).toEqual([['-', 'resolved']]);
    expect(at(2, 'firing')).toEqual([['-', 'firing']]);
    // The third change: the notifier keeps the alert as it last saw it (firing), and the flapping alert fires.
    expect(at(3, 'resolved')).toEqual([
      ['-', 'firing'],
      ['true', 'firing'],
    ]);
    expect(filter.isFlapping(labels)).toBe(true);
    expect(at(4, 'firing')).toEqual([
      ['-', 'firing'],
      ['true', 'firing'],
    ]);
    expect(at(5, 'resolved')).toEqual([
      ['-', 'firing'],
      ['true', 'firing'],
    ]);
    expect(seen(filter.sweep(14 * MIN))).toEqual([
      ['-', 'firing'],
      ['true', 'firing'],
    ]);
    // 10 minutes after the last change the window is empty: the flapping alert resolves, the real state goes through.
    expect(seen(filter.sweep(15.5 * MIN))).toEqual([
      ['true', 'resolved'],
      ['-', 'resolved'],
    ]);
    expect(filter.isFlapping(labels)).toBe(false);
    expect(seen(filter.sweep(16 * MIN))).toEqual([]);
  });

  it('the flapping alert carries the labels plus flapping="true" and says so in its summary', () => {
    const filter = new FlapFilter({ base: { windowMs: 10 * MIN, highChanges: 2, lowChanges: 0 }, overrides: [] });
    filter.apply([alert('firing', 0)], 0);
    filter.apply([alert('resolved', MIN)], MIN);
    // Flapping starts with a change to firing: the notifier last saw it resolved, so only the flapping alert goes.
    const out = filter.apply([alert('firing', 2 * MIN)], 2 * MIN);
    expect(seen(out)).toEqual([['true', 'firing']]);
    const flap = out[0];
    expect(flap?.labels).toEqual({ ...labels, flapping: 'true' });
    expect(flap?.annotations.summary).toBe('Flapping: lag');
    expect(flap?.fingerprint).not.toBe('x');
  });

  const base = { windowMs: 10 * MIN, highChanges: 2, lowChanges: 0 };
  const flapTwice = (filter: FlapFilter) =>
    [alert('firing', 0), alert('resolved', MIN), alert('firing', 2 * MIN)].map((a) =>
      seen(filter.apply([a], a.startsAt)),
    );

  it('an override that disables flap detection lets every change through and tracks nothing', () => {
    const filter = new FlapFilter({
      base,
      overrides: [{ matchers: parseMatchers(['alertname="Lag"']), settings: undefined }],
    });
    expect(flapTwice(filter)).toEqual([[['-', 'firing']], [['-', 'resolved']], [['-', 'firing']]]);
    expect(filter.entries().size).toBe(0);
  });

  it("an override's thresholds apply to the alerts it matches", () => {
    const high = { ...base, highChanges: 3 };
    const filter = new FlapFilter({
      base,
      overrides: [{ matchers: parseMatchers(['instance="db1"']), settings: high }],
    });
    expect(flapTwice(filter).at(-1)).toEqual([['-', 'firing']]);
    expect(filter.isFlapping(labels)).toBe(false);
  });

  it('a reload that turns it off settles what flaps at the next sweep', () => {
    const filter = new FlapFilter({ base, overrides: [] });
    flapTwice(filter);
    expect(filter.isFlapping(labels)).toBe(true);
    filter.setPolicy({ overrides: [] });
    expect(seen(filter.sweep(3 * MIN))).toEqual([
      ['true', 'resolved'],
      ['-', 'firing'],
    ]);
    expect(filter.isFlapping(labels)).toBe(false);
    expect(seen(filter.apply([alert('resolved', 4 * MIN)], 4 * MIN))).toEqual([['-', 'resolved']]);
  });
});
