// HA with an existing engine: two pgwarden agents (`delivery: alertmanager_only`, the same config) forward to a real
// two-node Alertmanager 0.25 cluster (--cluster.peer), which deduplicates. One agent is killed with SIGKILL at a random
// moment of every firing/resolving cycle and started again; the receiver must get each notification exactly once.
// A few cycles here; `npm run bench -- ha` runs many and prints the figures for docs/notifications.md.
import { describe, expect, it } from 'vitest';
import { runHaMeasurement } from '../../bench/ha.js';
import { testDatabaseUrl } from '../support/postgres.js';

const CYCLES = 6;

describe('two agents and a two-node Alertmanager cluster, one agent killed at random', () => {
  it(`delivers every firing and resolved notification exactly once over ${CYCLES} cycles`, async () => {
    const seed = Number(process.env.PGWARDEN_HA_SEED ?? Date.now() % 1_000_000);
    const result = await runHaMeasurement({
      databaseUrl: testDatabaseUrl(),
      cycles: CYCLES,
      seed,
      log: (m) => process.stdout.write(`ha: ${m}\n`),
    });
    process.stdout.write(
      `ha: seed ${seed}, ${result.kills} SIGKILLs, duplicates ${result.duplicates}, losses ${result.losses}\n`,
    );
    for (const c of result.cycles) process.stdout.write(`ha: cycle ${c.cycle}: ${c.timeline}\n`);
    expect(result.kills).toBe(CYCLES);
    expect(result.foreign).toBe(0);
    expect(result.cycles.map((c) => [c.cycle, c.firing, c.resolved])).toEqual(
      result.cycles.map((c) => [c.cycle, 1, 1]),
    );
  });
});
