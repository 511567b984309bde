// Per-database collectors on databases whose names hold URL delimiters: the connection to another database is
// built as fields, so no name is mangled by encoding and decoding a DSN (`sales+eu` and `a&b` failed before).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTarget } from '../../../src/collect/collect-target.js';
import { SqlCollector } from '../../../src/collect/sql-source.js';
import { Target } from '../../../src/collect/target.js';
import { silentLogger } from '../../../src/log.js';
import { inlineDefinition } from '../../support/agent-parts.js';
import { adminQuery, createDatabase, testDatabaseUrl, testTarget } from '../../support/postgres.js';

const NAMES = ['pgwodd sales+eu', 'pgwodd a&b', 'pgwodd q?x=1#y', 'pgwodd p/q:r;s@t$u,v', 'pgwodd 100%', "pgwodd o'k"];
const currentDatabase = new SqlCollector(
  inlineDefinition(`
name: current_database
help: h
scope: database
queries: { "13": "SELECT current_database() AS datname, 1 AS one" }
labels: [datname]
metrics: [{ column: one, name: pgwarden_test_visited, type: gauge, help: h }]
`),
);

/** The same server as a libpq keyword DSN. */
function keywordDsn(): string {
  const url = new URL(testDatabaseUrl());
  return `host=${url.hostname} port=${url.port} user=${url.username} password='${decodeURIComponent(url.password)}' dbname=postgres`;
}

describe('per-database collectors on databases named with + & ? = # / : ; @ $ , % and a quote', () => {
  beforeAll(async () => {
    for (const name of NAMES) await createDatabase(name);
  });
  afterAll(async () => {
    for (const name of NAMES) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it.each([
    ['a URL DSN', testDatabaseUrl],
    ['a keyword DSN', keywordDsn],
  ])('visits every one from %s', async (_form, dsn) => {
    const target = new Target(testTarget('odd', dsn()), silentLogger());
    try {
      expect(await target.probe()).toBe(true);
      const outcomes = await collectTarget(target, [], [currentDatabase], { include: [/^pgwodd /], exclude: [] }, 0);
      const visited = outcomes.flatMap((o) => o.families).flatMap((f) => f.samples.map((s) => s.labels.datname));
      expect(visited.sort()).toEqual([...NAMES].sort());
      expect(outcomes.flatMap((o) => (o.error ? [o.error] : []))).toEqual([]);
    } finally {
      await target.close();
    }
  });
});
