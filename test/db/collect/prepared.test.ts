// Collector SQL as prepared statements on a real server: planned once per connection, off when configured off, and
// still answered after a schema change invalidates a prepared plan's result columns.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStatement } from '../../../src/collect/prepared.js';
import { adminQuery, createDatabase } from '../../support/postgres.js';

let url: string;
let client: pg.Client;
beforeEach(async () => {
  url = await createDatabase('pgwarden_prepared');
  client = new pg.Client({ connectionString: url, application_name: 'pgwarden-test' });
  await client.connect();
});
afterEach(async () => {
  await client.end();
});

const ourStatements = async () =>
  (
    await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'pgwarden_%'",
    )
  ).rows[0]?.n;

describe('runStatement', () => {
  it('prepares a statement once per connection and reuses it', async () => {
    const sql = 'SELECT relname FROM pg_class WHERE relname = $$pg_class$$';
    expect(await runStatement(client, sql, true)).toEqual([{ relname: 'pg_class' }]);
    expect(await runStatement(client, sql, true)).toEqual([{ relname: 'pg_class' }]);
    expect(await ourStatements()).toBe(1);
    await runStatement(client, 'SELECT 1 AS one', true);
    expect(await ourStatements()).toBe(2);
  });

  it('prepares nothing when prepared statements are off', async () => {
    expect(await runStatement(client, 'SELECT 2 AS two', false)).toEqual([{ two: 2 }]);
    expect(await ourStatements()).toBe(0);
  });

  it('answers a query whose prepared result columns changed under it, unprepared from then on', async () => {
    await adminQuery('CREATE TABLE widened (a int); INSERT INTO widened VALUES (1)', [], url);
    const sql = 'SELECT * FROM widened';
    expect(await runStatement(client, sql, true)).toEqual([{ a: 1 }]);
    await adminQuery('ALTER TABLE widened ADD COLUMN b int DEFAULT 2', [], url);
    expect(await runStatement(client, sql, true)).toEqual([{ a: 1, b: 2 }]);
    expect(await runStatement(client, sql, true)).toEqual([{ a: 1, b: 2 }]);
  });
});
