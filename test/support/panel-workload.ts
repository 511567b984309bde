// A little of everything the dashboards show, on the test PostgreSQL: a table with used and unused indexes, a
// sequence, writes and reads, a temp file, an idle-in-transaction session, a lock wait, pg_stat_statements and a
// replication slot. stop() ends the sessions and removes the slot.
import pg from 'pg';
import { adminQuery, createDatabase } from './postgres.js';

export interface Workload {
  readonly database: string;
  /** One round of reads and writes (the test calls it while Prometheus scrapes). */
  tick(): Promise<void>;
  /**
   * ANALYZE the table, so analyze counters move while Prometheus watches (not VACUUM: one caught in progress would
   * fill the "Running vacuums" panel by chance).
   */
  maintain(): Promise<void>;
  stop(): Promise<void>;
}

const SLOT = 'pgwarden_grafana_panels';

export async function startWorkload(database: string): Promise<Workload> {
  const url = await createDatabase(database);
  const sessions: pg.Client[] = [];
  const session = async () => {
    const client = new pg.Client({ connectionString: url, application_name: 'grafana-panels-test' });
    client.on('error', () => undefined);
    await client.connect();
    sessions.push(client);
    return client;
  };
  const main = await session();
  await main.query('CREATE TABLE orders (id serial PRIMARY KEY, customer int NOT NULL, status text NOT NULL)');
  await main.query('CREATE INDEX orders_customer_idx ON orders (customer)');
  await main.query('CREATE INDEX orders_status_idx ON orders (status)'); // never used: an "unused index"
  await main.query('CREATE TABLE locked (id int)');
  await main.query(`INSERT INTO orders (customer, status) SELECT g % 100, 'new' FROM generate_series(1, 5000) g`);
  await main.query('VACUUM ANALYZE orders');
  // pg_stat_statements lives in the database pgwarden connects to; the server preloads the library.
  await adminQuery('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await adminQuery(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1`, [SLOT]);
  await adminQuery('SELECT pg_create_physical_replication_slot($1, true)', [SLOT]);

  const idle = await session();
  await idle.query('BEGIN');
  await idle.query('SELECT count(*) FROM orders');
  const holder = await session();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE locked IN ACCESS EXCLUSIVE MODE');
  const waiter = await session();
  const waiting = waiter.query('SELECT count(*) FROM locked').catch(() => undefined);

  return {
    database,
    async tick() {
      await main.query(`INSERT INTO orders (customer, status) SELECT (random() * 99)::int, 'new'`);
      await main.query(`UPDATE orders SET status = 'paid' WHERE id = (SELECT max(id) FROM orders)`);
      await main.query('DELETE FROM orders WHERE id = (SELECT min(id) FROM orders)');
      await main.query('SELECT count(*) FROM orders WHERE customer = $1', [Math.floor(Math.random() * 100)]);
      await main.query(`SET work_mem = '64kB'`);
      await main.query('SELECT g FROM generate_series(1, 20000) g ORDER BY g DESC LIMIT 1'); // spills: a temp file
      await main.query('RESET work_mem');
    },
    async maintain() {
      await main.query('ANALYZE orders');
    },
    async stop() {
      await holder.query('ROLLBACK').catch(() => undefined);
      await waiting;
      await Promise.all(sessions.map((c) => c.end().catch(() => undefined)));
      await adminQuery('SELECT pg_drop_replication_slot($1)', [SLOT]).catch(() => undefined);
      await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}
