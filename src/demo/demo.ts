import pg from 'pg';
import type { Logger } from '../log.js';
import { createDemoBackupDir } from './demo-backups.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.js';

export interface DemoDatabase {
  readonly server: EmbeddedServer;
  /** A backup directory in our users' format, with dumps of the demo tables. */
  readonly backupDir: string;
  stop(): Promise<void>;
}

const SETUP_SQL = [
  'CREATE EXTENSION IF NOT EXISTS pg_stat_statements',
  `CREATE TABLE IF NOT EXISTS customers (id serial PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, customer_id int REFERENCES customers, amount numeric(10,2),
     status text DEFAULT 'new', created_at timestamptz DEFAULT now())`,
  'CREATE INDEX IF NOT EXISTS orders_customer_idx ON orders (customer_id)',
  'CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status)', // never used by the workload: an "unused index"
  `INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 200) g`,
  `INSERT INTO orders (customer_id, amount) SELECT 1 + (g % 200), (g % 97) + 0.99 FROM generate_series(1, 5000) g`,
];

// A light mix of reads and writes, so counters move, dead tuples appear and pg_stat_statements has entries.
const WORKLOAD_SQL = [
  `INSERT INTO orders (customer_id, amount) SELECT 1 + (random() * 199)::int, (random() * 100)::numeric(10,2)`,
  `UPDATE orders SET status = 'paid' WHERE id = (SELECT max(id) FROM orders)`,
  `SELECT c.name, count(*), sum(o.amount) FROM customers c JOIN orders o ON o.customer_id = c.id
     WHERE c.id = 1 + (random() * 199)::int GROUP BY c.name`,
  `DELETE FROM orders WHERE id IN (SELECT id FROM orders ORDER BY id LIMIT 1)`,
];

/** Starts the embedded demo target: PostgreSQL with a small schema and a little activity every two seconds. */
export async function startDemo(logger: Logger): Promise<DemoDatabase> {
  const server = await startEmbeddedPostgres({ log: (m) => logger.debug({ postgres: m.trim() }, 'embedded postgres') });
  const pool = new pg.Pool({ connectionString: server.url, max: 1, application_name: 'pgwarden-demo-workload' });
  pool.on('error', () => undefined);
  for (const sql of SETUP_SQL) await pool.query(sql);
  const { rows } = await pool.query<{ line: string }>(
    `SELECT format('INSERT INTO customers VALUES (%s, %L);', id, name) AS line FROM customers ORDER BY id`,
  );
  // A dump that restores on its own (the restore drill of `npm start` proves it): the table, then its rows.
  const dumpSql = ['CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);', ...rows.map((r) => r.line)];
  const backups = createDemoBackupDir('postgres', dumpSql.join('\n'));
  const timer = setInterval(() => {
    void (async () => {
      for (const sql of WORKLOAD_SQL) await pool.query(sql);
    })().catch((error: Error) => logger.debug({ err: error.message }, 'demo workload query failed'));
  }, 2000);
  timer.unref();
  return {
    server,
    backupDir: backups.dir,
    async stop() {
      backups.remove();
      clearInterval(timer);
      await pool.end().catch(() => undefined);
      await server.stop();
    },
  };
}
