// Issue 21: collections of different targets share collection_concurrency, and a target whose queries hang (here:
// waiting for a lock another session holds) never delays the other targets' schedule.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionBudget } from '../../../src/collect/collection-budget.js';
import type { Sampler } from '../../../src/collect/sampler.js';
import { phaseOf, tickIndexAt } from '../../../src/collect/schedule.js';
import type { Snapshot } from '../../../src/collect/model.js';
import { inlineDefinition, makeSampler } from '../../support/agent-parts.js';
import { eventually } from '../../support/eventually.js';
import { adminQuery, createDatabase, testTarget } from '../../support/postgres.js';

const INTERVAL_MS = 2_000;
const reader = inlineDefinition(`
name: locked_reader
help: reads a table that another session may hold locked
queries: { "13": "SELECT count(*) AS n FROM schedule_probe" }
metrics: [{ column: n, name: pgwarden_test_schedule_rows, type: gauge, help: h }]
`);

describe('a hanging target and the others’ schedule', () => {
  let locker: pg.Client;
  const samplers: Sampler[] = [];
  let hangingUrl = '';
  let healthyUrl = '';

  beforeAll(async () => {
    hangingUrl = await createDatabase('pgwarden_schedule_hang');
    healthyUrl = await createDatabase('pgwarden_schedule_ok');
    for (const url of [hangingUrl, healthyUrl]) await adminQuery('CREATE TABLE schedule_probe (n int)', [], url);
    locker = new pg.Client({ connectionString: hangingUrl, application_name: 'pgwarden-test-locker' });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE schedule_probe IN ACCESS EXCLUSIVE MODE');
  });

  afterAll(async () => {
    await locker.query('ROLLBACK').catch(() => undefined);
    await locker.end();
    await Promise.all(samplers.map((s) => s.drain()));
    await Promise.all(samplers.map((s) => s.target.close()));
  });

  it('keeps every healthy target on its ticks while hung ones hold more slots than the budget has', async () => {
    const budget = new CollectionBudget(2, INTERVAL_MS);
    // Three hung targets (more than the two slots), started first so they take the slots before anyone else.
    const hanging = ['hang-1', 'hang-2', 'hang-3'].map((name) =>
      makeSampler({ ...testTarget(name, hangingUrl), lockTimeoutMs: 120_000, statementTimeoutMs: 120_000 }, [reader], {
        intervalMs: INTERVAL_MS,
        budget,
      }),
    );
    const healthy = ['ok-1', 'ok-2', 'ok-3'].map((name) =>
      makeSampler(testTarget(name, healthyUrl), [reader], { intervalMs: INTERVAL_MS, budget }),
    );
    samplers.push(...hanging, ...healthy);
    const seen = new Map<string, Snapshot[]>(healthy.map((s) => [s.target.name, []]));
    for (const s of healthy) s.onSnapshot((snapshot) => seen.get(snapshot.target)?.push(snapshot));
    for (const s of hanging) s.start();
    await eventually(() => budget.inUse === 2 && budget.queued === 1);
    for (const s of healthy) s.start();

    await eventually(() => [...seen.values()].every((list) => list.length >= 6), 60_000);

    expect(hanging.map((s) => s.collections)).toEqual([0, 0, 0]); // still waiting for the lock
    expect(budget.overruns).toBeGreaterThanOrEqual(3);
    for (const [name, snapshots] of seen) {
      const phase = phaseOf(name, INTERVAL_MS);
      // After the first collection (at start), one collection per tick: consecutive tick numbers, none skipped. The
      // nearest tick: a timer may fire a millisecond before the wall clock reaches its tick.
      const ticks = snapshots.slice(1).map((s) => tickIndexAt(s.timestamp + INTERVAL_MS / 2, phase, INTERVAL_MS));
      expect(ticks.slice(1).map((t, i) => t - (ticks[i] as number))).toEqual(ticks.slice(1).map(() => 1));
      const last = snapshots.at(-1) as Snapshot;
      const value = (family: string) => last.families.find((f) => f.name === family)?.samples[0]?.value;
      expect(value('pgwarden_collection_ticks_missed_total')).toBe(0);
      expect(value('pgwarden_test_schedule_rows')).toBe(0);
      expect(value('pg_up')).toBe(1);
    }
  }, 90_000);
});
