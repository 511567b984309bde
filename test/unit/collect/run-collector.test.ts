import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Collected, Collector } from '../../../src/collect/collector.js';
import { CollectorLog, errorLogStep, noticeLogStep } from '../../../src/collect/collector-log.js';
import { outcomeFamilies } from '../../../src/collect/collection-families.js';
import type { MetricFamily } from '../../../src/collect/model.js';
import {
  failedOutcome,
  outcomeOf,
  runCollector,
  sampleCounts,
  type RunResult,
} from '../../../src/collect/run-collector.js';
import { createLogger } from '../../../src/log.js';

const family: MetricFamily = { name: 'pg_x', type: 'gauge', help: 'h', samples: [{ labels: {}, value: 1 }] };
const families: Collected = { kind: 'families', families: [family] };

describe('outcomeOf', () => {
  const cases: Array<[string, RunResult, string | undefined, Record<string, unknown>]> = [
    ['families', { collected: families }, undefined, { success: true, families: [family] }],
    [
      'a notice is a success',
      { collected: { kind: 'families', families: [], notice: 'extension missing' } },
      undefined,
      { success: true, notice: 'extension missing', families: [] },
    ],
    [
      'governor counts',
      { collected: { kind: 'families', families: [], governor: { dropped: 3, skipped: 1 } } },
      undefined,
      { success: true, droppedSeries: 3, skippedRelations: 1, families: [] },
    ],
    [
      'a skip has no families',
      { collected: { kind: 'skipped', reason: 'no query for PostgreSQL 12' } },
      'postgres',
      { success: true, skipped: 'no query for PostgreSQL 12', families: [] },
    ],
    ['an error', { error: 'boom' }, undefined, { success: false, error: 'boom', families: [] }],
    ['an error says where', { error: 'boom' }, 'shop', { success: false, error: 'shop: boom', families: [] }],
  ];
  it.each(cases)('%s', (_, result, where, expected) => {
    expect(outcomeOf('c', result, 0.5, where)).toEqual({ collector: 'c', durationSeconds: 0.5, ...expected });
  });

  it('a collector that could not run at all failed in no time', () => {
    expect(failedOutcome('c', 'refused', 'shop')).toEqual({
      collector: 'c',
      success: false,
      durationSeconds: 0,
      error: 'shop: refused',
      families: [],
    });
  });
});

describe('sampleCounts', () => {
  it('sums a collector seen in several databases, and counts a failure as none', () => {
    const counts = sampleCounts([
      outcomeOf('a', { collected: families }, 0),
      outcomeOf('a', { collected: families }, 0),
      outcomeOf('b', { error: 'x' }, 0),
    ]);
    expect([...counts]).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
  });
});

describe('errorLogStep and noticeLogStep', () => {
  it.each([
    [undefined, undefined, false, 'none'],
    [undefined, 'e1', false, 'failed'],
    ['e1', 'e1', false, 'none'],
    ['e1', 'e2', false, 'failed'],
    ['e1', undefined, false, 'recovered'],
    ['e1', undefined, true, 'forget'],
  ] as const)('error %s -> %s (quiet %s): %s', (previous, current, quiet, step) => {
    expect(errorLogStep(previous, current, quiet)).toBe(step);
  });

  it.each([
    [undefined, undefined, 'none'],
    [undefined, 'n', 'log'],
    ['n', 'n', 'none'],
    ['n', 'm', 'log'],
    ['n', undefined, 'forget'],
  ] as const)('notice %s -> %s: %s', (previous, current, step) => {
    expect(noticeLogStep(previous, current)).toBe(step);
  });
});

/** A collector whose answer the test sets: what any kind of source can do (return, skip, throw). */
function collector(name: string, answer: () => Promise<Collected>): Collector {
  return { name, collect: answer };
}

describe('runCollector, the one boundary', () => {
  const ticks =
    (...values: number[]) =>
    () =>
      values.shift() ?? 0;

  it('measures the run whether it returns or throws', async () => {
    const ok = await runCollector(
      collector('ok', async () => families),
      { now: 0 },
      undefined,
      ticks(1000, 1250),
    );
    expect(ok).toMatchObject({ collector: 'ok', success: true, durationSeconds: 0.25 });
    const thrown = collector('broken', async () => {
      throw new Error('connect to postgresql://u:hunter2@db/x failed');
    });
    const failed = await runCollector(thrown, { now: 0 }, undefined, ticks(1000, 3000));
    expect(failed).toMatchObject({ collector: 'broken', success: false, durationSeconds: 2, families: [] });
    expect(failed.error).toContain('failed');
    expect(failed.error).not.toContain('hunter2');
  });

  it('turns a thrown non-Error into text too', async () => {
    const failed = await runCollector(
      collector('odd', () => Promise.reject('plain string')),
      { now: 0 },
    );
    expect(failed).toMatchObject({ success: false, error: 'plain string' });
  });

  it('gives a failure and a skip the same families as any other kind: a failure is reported, a skip is not', () => {
    const outcomes = [
      outcomeOf('backups', { error: 'e' }, 0.1),
      outcomeOf('broken', { error: 'e' }, 0.2, 'postgres'),
      outcomeOf('old', { collected: { kind: 'skipped', reason: 'r' } }, 0),
    ];
    const [, success, duration] = outcomeFamilies(true, outcomes, 0, 1, 1);
    expect(success?.name).toBe('pg_scrape_collector_success');
    expect(success?.samples).toEqual([
      { labels: { collector: 'backups' }, value: 0 },
      { labels: { collector: 'broken' }, value: 0 },
    ]);
    expect(duration?.name).toBe('pg_scrape_collector_duration_seconds');
    expect(duration?.samples.map((s) => s.labels.collector)).toEqual(['backups', 'broken']);
  });
});

describe('CollectorLog', () => {
  function logged(): { log: CollectorLog; lines: Array<Record<string, unknown>> } {
    const stream = new PassThrough();
    const lines: Array<Record<string, unknown>> = [];
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().trim().split('\n')) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    return { log: new CollectorLog(createLogger({ destination: stream, format: 'json' }), 't'), lines };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('logs a failure once while it repeats, again when it changes, and the recovery once', async () => {
    const { log, lines } = logged();
    for (const error of ['e1', 'e1', 'e2']) log.outcomes([failedOutcome('c', error)]);
    log.outcomes([outcomeOf('c', { collected: families }, 0)]);
    log.outcomes([outcomeOf('c', { collected: families }, 0)]);
    await settle();
    expect(lines.map((l) => [l.msg, l.err])).toEqual([
      ['collector failed', 'e1'],
      ['collector failed', 'e2'],
      ['collector recovered', undefined],
    ]);
    expect(log.lastError('c')).toBeUndefined();
  });

  it('keeps the last error for the console while it lasts', () => {
    const { log } = logged();
    log.outcomes([failedOutcome('c', 'boom', 'shop')]);
    expect(log.lastError('c')).toBe('shop: boom');
  });
});
