// The database contents the catalog tests collect from: a table with an index, a used sequence, a reserved physical
// replication slot, pg_stat_statements with some statements, and a second database with its own table.
import pg from 'pg';
import { urlForDatabase } from '../../support/postgres.js';

async function withClient(url: string, fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'pgwarden-test' });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

export async function prepareFixture(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await c.query('CREATE TABLE items (id serial PRIMARY KEY, name text)');
    await c.query('CREATE INDEX items_name ON items (name)');
    await c.query("INSERT INTO items (name) SELECT 'item ' || i FROM generate_series(1, 500) i");
    await c.query('CREATE SEQUENCE small_seq AS smallint');
    await c.query("SELECT setval('small_seq', 100)");
    await c.query("SELECT pg_create_physical_replication_slot('pgwarden_slot', true)");
    await c.query("SELECT count(*) FROM items WHERE name = 'item 7'");
    await c.query('ANALYZE items');
    await c.query('CREATE DATABASE app');
  });
  await withClient(urlForDatabase(url, 'app'), async (c) => {
    await c.query('CREATE TABLE orders (id bigserial PRIMARY KEY, total numeric)');
    await c.query('INSERT INTO orders (total) SELECT i FROM generate_series(1, 50) i');
  });
  await waitForStatistics(url);
}

/** Before PostgreSQL 15 the statistics collector applies a session's counts asynchronously: wait until it has. */
async function waitForStatistics(url: string): Promise<void> {
  const ready = `SELECT (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'items') = 500
                    AND (SELECT blks_hit + blks_read FROM pg_stat_database WHERE datname = current_database()) > 0 AS ok`;
  await withClient(url, async (c) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await c.query<{ ok: boolean }>(ready)).rows[0]?.ok) return;
      await c.query('SELECT pg_sleep(0.1)');
      await c.query('SELECT pg_stat_clear_snapshot()');
    }
    throw new Error('table statistics did not arrive within 10 s');
  });
}
