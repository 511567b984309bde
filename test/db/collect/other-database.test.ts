// The per-database connection budget on a real server: one connection at a time, kept for the next visit to the same
// database, replaced when another database is visited, reopened when the server ends it, closed when idle or closed.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OtherDatabaseConnection } from '../../../src/collect/other-database.js';
import { adminQuery, createDatabase, urlForDatabase, testDatabaseUrl } from '../../support/postgres.js';

const APP = 'pgwarden-other-db-test';
const [FIRST, SECOND, THIRD] = ['pgwarden_other_a', 'pgwarden_other_b', 'pgwarden_other_c'];

let connection: OtherDatabaseConnection | undefined;
afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

beforeAll(async () => {
  await createDatabase(FIRST);
  await createDatabase(SECOND);
  await createDatabase(THIRD);
});

function budget(idleMs = 60_000, maxKept = 1): OtherDatabaseConnection {
  connection = new OtherDatabaseConnection(
    (database) => ({ connectionString: urlForDatabase(testDatabaseUrl(), database), application_name: APP }),
    idleMs,
    maxKept,
  );
  return connection;
}

const backendPid = (c: OtherDatabaseConnection, database: string) =>
  c.run(
    database,
    async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid,
  );

/** Visits that report their backend's pid, and the most that ever ran at the same time. */
function overlapCounter(c: OtherDatabaseConnection) {
  let running = 0;
  let most = 0;
  const pidIn = (database: string) =>
    c.run(database, async (client) => {
      running += 1;
      most = Math.max(most, running);
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
      running -= 1;
      return rows[0]?.pid;
    });
  return { pidIn, most: () => most };
}

/** The test's sessions on the server by database, waiting briefly for backends that are exiting. */
async function sessions(expected?: Record<string, number>): Promise<Record<string, number>> {
  let found: Record<string, number> = {};
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const rows = await adminQuery<{ datname: string; n: number }>(
      'SELECT datname, count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 GROUP BY datname',
      [APP],
    );
    found = Object.fromEntries(rows.map((r) => [r.datname, r.n]));
    if (!expected || JSON.stringify(found) === JSON.stringify(expected)) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return found;
}

describe('OtherDatabaseConnection', () => {
  it('reuses the kept connection for the next visit to the same database', async () => {
    const c = budget();
    const first = await backendPid(c, FIRST);
    expect(await backendPid(c, FIRST)).toBe(first);
    expect(await sessions({ [FIRST]: 1 })).toEqual({ [FIRST]: 1 });
  });

  it('closes the kept connection before visiting another database, and runs visits one at a time', async () => {
    const { pidIn, most } = overlapCounter(budget());
    const pids = await Promise.all([pidIn(FIRST), pidIn(SECOND), pidIn(FIRST)]);
    expect(pids[2]).not.toBe(pids[0]);
    expect(most()).toBe(1);
    expect(await sessions({ [FIRST]: 1 })).toEqual({ [FIRST]: 1 });
  });

  it('keeps one connection per database up to maxKept, still used one at a time', async () => {
    const c = budget(60_000, 2);
    const { pidIn, most } = overlapCounter(c);
    const [a, b] = await Promise.all([pidIn(FIRST), pidIn(SECOND)]);
    expect(most()).toBe(1);
    expect(await sessions({ [FIRST]: 1, [SECOND]: 1 })).toEqual({ [FIRST]: 1, [SECOND]: 1 });
    expect(await pidIn(FIRST)).toBe(a);
    expect(await pidIn(SECOND)).toBe(b);
    expect(c.keptDatabases.sort()).toEqual([FIRST, SECOND]);
  });

  it('with all kept connections taken, replaces the one used last and keeps the others', async () => {
    const c = budget(60_000, 2);
    const a = await backendPid(c, FIRST);
    await backendPid(c, SECOND);
    await backendPid(c, THIRD); // SECOND was used last: it gives way
    expect(await sessions({ [FIRST]: 1, [THIRD]: 1 })).toEqual({ [FIRST]: 1, [THIRD]: 1 });
    expect(await backendPid(c, FIRST)).toBe(a);
  });

  it('opens a new connection when the server ended the kept one', async () => {
    const c = budget();
    const first = await backendPid(c, FIRST);
    await adminQuery('SELECT pg_terminate_backend($1)', [first]);
    await sessions({});
    const second = await backendPid(c, FIRST);
    expect(second).toBeGreaterThan(0);
    expect(second).not.toBe(first);
  });

  it('closes the kept connection after it was idle for idleMs', async () => {
    const c = budget(200);
    await backendPid(c, FIRST);
    expect(await sessions({})).toEqual({});
  });

  it('keeps nothing with idleMs 0', async () => {
    const c = budget(0);
    const first = await backendPid(c, FIRST);
    expect(await sessions({})).toEqual({});
    expect(await backendPid(c, FIRST)).not.toBe(first);
  });

  it('closes the kept connection on close, and refuses visits after it', async () => {
    const c = budget();
    await backendPid(c, SECOND);
    await c.close();
    expect(await sessions({})).toEqual({});
    await expect(backendPid(c, SECOND)).rejects.toThrow('the target is closed');
  });

  it('keeps the connection after a failed query, which did not end the session', async () => {
    const c = budget();
    const first = await backendPid(c, FIRST);
    await expect(c.run(FIRST, (client) => client.query('SELECT no_such_column FROM pg_class'))).rejects.toThrow(
      'no_such_column',
    );
    expect(await backendPid(c, FIRST)).toBe(first);
  });
});
