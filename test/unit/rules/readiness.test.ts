import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../../src/collect/model.js';
import { maxVerdictWaitMs, targetReady } from '../../../src/rules/readiness.js';

const pending = (...values: number[]): MetricFamily[] => [
  {
    name: 'pg_backup_verification_pending',
    type: 'gauge',
    help: '',
    samples: values.map((value, i) => ({ labels: { database: `db${i}`, type: 'full' }, value })),
  },
];
const up: MetricFamily[] = [{ name: 'pg_up', type: 'gauge', help: '', samples: [{ labels: {}, value: 1 }] }];

describe('rules wait for backup verdicts after a start', () => {
  it.each<[string, MetricFamily[], number, boolean]>([
    ['no backups configured', up, 0, true],
    ['every dump verified', pending(0, 0), 0, true],
    ['a dump still being verified', pending(0, 1), 10_000, false],
    ['still verifying after the longest wait', pending(1), 60_000, true],
  ])('%s', (_name, families, waitedMs, ready) => {
    expect(targetReady(families, { firstSnapshotAt: 1000, maxWaitMs: 60_000 }, 1000 + waitedMs)).toBe(ready);
  });

  it.each([
    [1000, 60_000],
    [15_000, 60_000],
    [40_000, 120_000],
    [300_000, 180_000],
  ])('collection every %i ms: waits at most %i ms', (interval, max) => {
    expect(maxVerdictWaitMs(interval)).toBe(max);
  });
});
