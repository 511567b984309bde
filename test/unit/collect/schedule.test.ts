import { describe, expect, it } from 'vitest';
import { nextTick, phaseOf } from '../../../src/collect/schedule.js';

describe('collection schedule', () => {
  it('spreads targets over the interval by name, the same way every time', () => {
    const phases = Array.from({ length: 100 }, (_, i) => phaseOf(`db-${i}`, 15_000));
    expect(phases.every((p) => p >= 0 && p < 15_000)).toBe(true);
    expect(phaseOf('db-1', 15_000)).toBe(phases[1]);
    // 100 names over 15 s: every third of the interval holds some of them (not all at one instant).
    for (const third of [0, 1, 2])
      expect(phases.filter((p) => Math.floor(p / 5_000) === third).length).toBeGreaterThan(15);
  });

  // phase 2,000 ms, interval 10,000 ms: ticks at …, 2,000, 12,000, 22,000, 32,000, …
  it.each([
    // [last start, now (its end), next tick, ticks missed]
    ['boot at 500: the second collection waits at least half an interval, for the tick at 12,000', 500, 600, 12_000, 0],
    ['boot at 8,000: the tick at 12,000 is too close, the next one', 8_000, 8_100, 22_000, 0],
    ['on time, short collection', 12_000, 12_300, 22_000, 0],
    ['started late (waited for a slot), still the next tick', 15_500, 16_000, 22_000, 0],
    ['started just before its tick: not twice in one interval', 11_990, 12_100, 22_000, 0],
    ['overran one tick: it is skipped', 12_000, 23_000, 32_000, 1],
    ['overran three ticks', 12_000, 45_000, 52_000, 3],
    ['ended exactly on a tick: that tick is still due later, not now twice', 12_000, 22_000, 32_000, 1],
  ])('%s', (_name, lastStart, now, at, missed) => {
    expect(nextTick(lastStart, now, 2_000, 10_000)).toEqual({ at, missed });
  });
});
