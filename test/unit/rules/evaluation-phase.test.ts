import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  evaluationAfterLanding,
  firstEvaluationDelay,
  nextEvaluationAt,
  type Landing,
} from '../../../src/rules/evaluation-phase.js';
import { EvaluationTimers } from '../../../src/rules/evaluation-timers.js';
import { RuleGroup } from '../../../src/rules/group.js';

describe('evaluationAfterLanding', () => {
  // 2 s intervals (the parity measurement's), last evaluation at 10 000, next due at 12 000.
  const base: Landing = {
    lastAt: 10_000,
    scheduledAt: 12_000,
    landedAt: 0,
    intervalMs: 2000,
    collectionIntervalMs: 2000,
  };
  it.each<[string, Partial<Landing>, number]>([
    ['samples landing late in the interval are evaluated on arrival', { landedAt: 11_900 }, 11_900],
    ['at the earliest an interval minus half a collection after the last', { landedAt: 11_000 }, 11_000],
    ['samples landing just after an evaluation pull the next to mid-interval', { landedAt: 10_100 }, 11_000],
    ['never later than scheduled', { landedAt: 12_500 }, 12_000],
    ['a group not evaluated yet keeps its first slot', { lastAt: undefined, landedAt: 11_900 }, 12_000],
    [
      'a 1m group over 15s collections: not before 52.5 s',
      { intervalMs: 60_000, collectionIntervalMs: 15_000, scheduledAt: 70_000, landedAt: 55_000 },
      62_500,
    ],
    [
      'a 1m group over 15s collections: on arrival from 52.5 s',
      { intervalMs: 60_000, collectionIntervalMs: 15_000, scheduledAt: 70_000, landedAt: 63_000 },
      63_000,
    ],
    [
      'collections slower than the interval count as the interval',
      { collectionIntervalMs: 10_000, landedAt: 10_500 },
      11_000,
    ],
  ])('%s', (_name, landing, expected) => {
    expect(evaluationAfterLanding({ ...base, ...landing })).toBe(expected);
  });
});

describe('nextEvaluationAt', () => {
  it.each<[string, [number, number, number, number | undefined], number]>([
    ['an interval after the last start', [10_000, 10_050, 2000, undefined], 12_000],
    ['at once when the evaluation overran its interval', [10_000, 12_500, 2000, undefined], 12_500],
    [
      'after following a collection, half a collection later (the next collection comes first)',
      [10_000, 10_050, 2000, 2000],
      13_000,
    ],
    ['the slack is at most half the interval', [10_000, 10_050, 2000, 60_000], 13_000],
  ])('%s', (_name, [startedAt, now, interval, followed], expected) => {
    expect(nextEvaluationAt(startedAt, now, interval, followed)).toBe(expected);
  });
});

describe('firstEvaluationDelay', () => {
  it.each<[string, number, number]>([
    ['the offset within the interval, counted from now', 1_000_000, 0x1f4 % 2000],
    ['never at once: a whole interval when now is the slot', 1_000_500, 2000],
    ['later in the interval: the next slot', 1_000_600, 1900],
  ])('%s', (_name, now, expected) => {
    expect(firstEvaluationDelay('000001f4', 2000, now)).toBe(expected);
  });
});

describe('EvaluationTimers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const group = () =>
    new RuleGroup(
      { name: 'g', file: 'rules.yml', intervalMs: 2000, rules: [], limit: 0, queryOffsetMs: 0, labels: {} },
      2000,
    );

  it('evaluates when samples land instead of waiting for the group slot, then follows the collections', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const at: number[] = [];
    const timers = new EvaluationTimers((_g, now) => void at.push(now), Date.now, 2000);
    timers.start([group()]);
    await vi.advanceTimersByTimeAsync(2000);
    const first = at[0]!;
    expect(at).toHaveLength(1);
    // Samples land 300 ms before the group's next slot (first + 2000): evaluated on arrival.
    await vi.advanceTimersByTimeAsync(first + 1700 - Date.now());
    timers.samplesLanded();
    await vi.advanceTimersByTimeAsync(0);
    expect(at).toEqual([first, first + 1700]);
    // The next collection lands 50 ms later than two seconds after: still before the timer, evaluated on arrival.
    await vi.advanceTimersByTimeAsync(2050);
    timers.samplesLanded();
    await vi.advanceTimersByTimeAsync(0);
    expect(at).toEqual([first, first + 1700, first + 3750]);
    // No collection any more: the timer stands in, half a collection late once, then every interval.
    await vi.advanceTimersByTimeAsync(3000 + 2000);
    expect(at).toEqual([first, first + 1700, first + 3750, first + 6750, first + 8750]);
    await timers.stop();
  });

  it('without a collection interval, landings change nothing (Prometheus phases)', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const at: number[] = [];
    const timers = new EvaluationTimers((_g, now) => void at.push(now), Date.now, undefined);
    timers.start([group()]);
    await vi.advanceTimersByTimeAsync(2000);
    const first = at[0]!;
    await vi.advanceTimersByTimeAsync(first + 1700 - Date.now());
    timers.samplesLanded();
    await vi.advanceTimersByTimeAsync(300);
    expect(at).toEqual([first, first + 2000]);
    await timers.stop();
  });
  it('a round that yields is never overlapped by a second round of the same group, and stop waits for it', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let running = 0;
    let most = 0;
    let finish: () => void = () => {};
    const timers = new EvaluationTimers(
      () => {
        running += 1;
        most = Math.max(most, running);
        return new Promise<void>((resolve) => {
          finish = () => {
            running -= 1;
            resolve();
          };
        });
      },
      Date.now,
      2000,
    );
    timers.start([group()]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(running).toBe(1);
    // Samples land while the round still runs (it yields between rules): no second round starts meanwhile.
    await vi.advanceTimersByTimeAsync(1900);
    timers.samplesLanded();
    await vi.advanceTimersByTimeAsync(3000);
    expect(most).toBe(1);
    let stopped = false;
    const stopping = timers.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    expect(running).toBe(0);
  });
});
