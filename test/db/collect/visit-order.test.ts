// Per-database collection across several databases: the connections kept from the last collection are visited first
// (so they are reused), and the exposition lists the databases in name order whatever the visit order.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectTarget } from '../../../src/collect/collect-target.js';
import { SqlCollector } from '../../../src/collect/sql-source.js';
import { Target } from '../../../src/collect/target.js';
import { silentLogger } from '../../../src/log.js';
import { inlineDefinition } from '../../support/agent-parts.js';
import { createDatabase, testTarget } from '../../support/postgres.js';

const DATABASES = ['pgwarden_visit_a', 'pgwarden_visit_b', 'pgwarden_visit_c'];
const backendPid = new SqlCollector(
  inlineDefinition(`
name: backend_pid
help: h
scope: database
queries: { "13": "SELECT current_database() AS datname, pg_backend_pid() AS pid" }
labels: [datname]
metrics: [{ column: pid, name: pgwarden_test_backend_pid, type: gauge, help: h }]
`),
);

let target: Target | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});
beforeAll(async () => {
  for (const name of DATABASES) await createDatabase(name);
});

async function pidsByDatabase(t: Target): Promise<Array<[string, number]>> {
  await t.probe();
  const filter = { include: [/^pgwarden_visit_/], exclude: [] };
  const outcomes = await collectTarget(t, [], [backendPid], filter, Date.now());
  const samples = outcomes.flatMap((o) => o.families).flatMap((f) => f.samples);
  return samples.map((s) => [s.labels.datname as string, s.value]);
}

describe('collecting several other databases', () => {
  it('with one kept connection, reuses it first, and lists databases in name order', async () => {
    target = new Target({ ...testTarget(), perDatabaseConnections: 1 }, silentLogger());
    const first = await pidsByDatabase(target);
    expect(first.map(([name]) => name)).toEqual(DATABASES);
    expect(target.warmDatabases).toEqual(['pgwarden_visit_c']);

    const second = await pidsByDatabase(target);
    expect(second.map(([name]) => name)).toEqual(DATABASES);
    const pid = (rows: Array<[string, number]>, name: string) => rows.find(([n]) => n === name)?.[1];
    // The last database of the first collection was visited first in the second, on the same backend.
    expect(pid(second, 'pgwarden_visit_c')).toBe(pid(first, 'pgwarden_visit_c'));
    expect(pid(second, 'pgwarden_visit_a')).not.toBe(pid(first, 'pgwarden_visit_a'));
    // ... so the second collection ends on the first database in name order.
    expect(target.warmDatabases).toEqual(['pgwarden_visit_b']);
  });

  it('by default keeps one connection per database for three, and the next collection reuses every backend', async () => {
    target = new Target(testTarget(), silentLogger());
    expect(target.config.perDatabaseConnections).toBe(3);
    const first = await pidsByDatabase(target);
    expect([...target.warmDatabases].sort()).toEqual(DATABASES);
    const second = await pidsByDatabase(target);
    expect(second).toEqual(first);
    expect(new Set(first.map(([, pid]) => pid)).size).toBe(DATABASES.length);
  });
});
