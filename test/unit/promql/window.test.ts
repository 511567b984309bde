import { describe, expect, it } from 'vitest';
import type { Point } from '../../../src/promql/ast.js';
import { PointScratch, SeriesBuffer } from '../../../src/promql/series-buffer.js';
import { SampleStore } from '../../../src/promql/index.js';

/** t, v, stale: the buffer's content for each case. */
type Row = [number, number, boolean];

const cases: Array<{ name: string; rows: Row[]; start: number; end: number; want: Array<[number, number]> }> = [
  { name: 'empty buffer', rows: [], start: 0, end: 100, want: [] },
  {
    name: 'closed window',
    rows: [
      [10, 1, false],
      [20, 2, false],
      [30, 3, false],
      [40, 4, false],
    ],
    start: 20,
    end: 30,
    want: [
      [20, 2],
      [30, 3],
    ],
  },
  {
    name: 'stale markers are left out',
    rows: [
      [10, 1, false],
      [20, NaN, true],
      [30, 3, false],
      [40, NaN, true],
    ],
    start: 0,
    end: 50,
    want: [
      [10, 1],
      [30, 3],
    ],
  },
  { name: 'window before every point', rows: [[10, 1, false]], start: 0, end: 9, want: [] },
  { name: 'window after every point', rows: [[10, 1, false]], start: 11, end: 20, want: [] },
  { name: 'only stale points', rows: [[10, NaN, true]], start: 0, end: 20, want: [] },
];

describe('SeriesBuffer.fillWindow: the window a range function reads, without stale markers', () => {
  it.each(cases)('$name', ({ rows, start, end, want }) => {
    const buffer = new SeriesBuffer();
    for (const [t, v, stale] of rows) buffer.push(t, v, stale);
    const scratch = new PointScratch();
    // A longer window first: the scratch must shrink to this window's points.
    buffer.fillWindow(-Infinity, Infinity, scratch);
    const n = buffer.fillWindow(start, end, scratch);
    expect(n).toBe(want.length);
    expect(scratch.points.map((p) => [p.t, p.v])).toEqual(want);
    // The same points as the copying range() minus its stale markers.
    const copied = buffer.range(start, end).filter((p) => !p.stale);
    expect(copied.map((p) => [p.t, p.v])).toEqual(want);
  });
});

describe('SampleStore.eachWindow', () => {
  it('visits each matching series with points in the window, once, and reuses the point objects', () => {
    const store = new SampleStore({ retentionMs: 3_600_000 });
    for (let t = 0; t <= 60_000; t += 15_000) {
      store.append({ __name__: 'x', instance: 'a' }, t, t);
      store.append({ __name__: 'x', instance: 'b' }, t, -t);
      store.append({ __name__: 'y', instance: 'a' }, t, 1);
    }
    store.appendStale({ __name__: 'x', instance: 'b' }, 70_000);
    const seen: Array<{ instance: string | undefined; points: Array<[number, number]> }> = [];
    const objects = new Set<Point>();
    store.eachWindow([{ name: '__name__', type: '=', value: 'x' }], 30_000, 70_000, (labels, points) => {
      points.forEach((p) => objects.add(p));
      seen.push({ instance: labels.instance, points: points.map((p) => [p.t, p.v]) });
    });
    expect(seen).toEqual([
      {
        instance: 'a',
        points: [
          [30_000, 30_000],
          [45_000, 45_000],
          [60_000, 60_000],
        ],
      },
      {
        instance: 'b',
        points: [
          [30_000, -30_000],
          [45_000, -45_000],
          [60_000, -60_000],
        ],
      },
    ]);
    expect(objects.size).toBe(3);
  });
});

describe('SeriesBuffer: memory of a short window', () => {
  it('holds few trimmed slots beside a 22-point window over thousands of samples', () => {
    const buffer = new SeriesBuffer();
    let most = 0;
    for (let i = 0; i < 5000; i++) {
      buffer.push(i * 15_000, i, false);
      buffer.trimBefore((i - 21) * 15_000);
      most = Math.max(most, buffer.slots);
    }
    expect(buffer.length).toBe(22);
    expect(buffer.range(-Infinity, Infinity).map((p) => p.v)).toEqual(Array.from({ length: 22 }, (_, k) => 4978 + k));
    // Compaction once the trimmed front passes 32 slots and outnumbers the live points: never more than 22 + 32.
    expect(most).toBeLessThanOrEqual(54);
  });
});
