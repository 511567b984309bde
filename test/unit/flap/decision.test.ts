import { describe, expect, it } from 'vitest';
import { isFlapping, NEW_HISTORY, observe, type FlapHistory } from '../../../src/flap/decision.js';

const settings = { windowMs: 600_000, highChanges: 4, lowChanges: 1 };
const MIN = 60_000;

describe('flap decision', () => {
  it.each([
    [0, false, false],
    [3, false, false],
    [4, false, true], // reaches high: starts
    [9, false, true],
    [2, true, true], // between low and high: stays
    [1, true, false], // at low: stops
    [0, true, false],
  ])('%i changes, was flapping %s → %s', (changes, was, expected) => {
    expect(isFlapping(changes, was, settings)).toBe(expected);
  });

  // Each step: [minute, status observed (or undefined: time passes), flapping after, changes in window after].
  const run = (steps: [number, 'firing' | 'resolved' | undefined][]) => {
    let history: FlapHistory = NEW_HISTORY;
    return steps.map(([minute, status]) => {
      history = observe(history, status, minute * MIN, settings);
      return [minute, history.flapping, history.changes.length];
    });
  };

  it('a steady alert never flaps; the first observation is no change', () => {
    expect(
      run([
        [0, 'firing'],
        [1, 'firing'],
        [30, 'firing'],
      ]),
    ).toEqual([
      [0, false, 0],
      [1, false, 0],
      [30, false, 0],
    ]);
  });

  it('starts at the fourth change in 10 minutes and stops when the window holds one change or none', () => {
    expect(
      run([
        [0, 'firing'],
        [1, 'resolved'],
        [2, 'firing'],
        [3, 'resolved'],
        [4, 'firing'], // 4 changes: flapping
        [8, 'firing'],
        [11.5, undefined], // the change at 1 min left the window: 3, still flapping (hysteresis)
        [13.5, undefined], // 1 left (at 4): stops
        [20, 'firing'],
      ]),
    ).toEqual([
      [0, false, 0],
      [1, false, 1],
      [2, false, 2],
      [3, false, 3],
      [4, true, 4],
      [8, true, 4],
      [11.5, true, 3],
      [13.5, false, 1],
      [20, false, 0],
    ]);
  });

  it('changes spread wider than the window never flap', () => {
    const steps: [number, 'firing' | 'resolved'][] = [0, 4, 8, 12, 16, 20, 24].map((m, i) => [
      m,
      i % 2 ? 'resolved' : 'firing',
    ]);
    expect(run(steps).every(([, flapping]) => flapping === false)).toBe(true);
  });
});
