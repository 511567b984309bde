// The fleet bench's monitored side: embedded PostgreSQL servers, each with small databases that are each one target,
// reachable only by its own monitoring role (so a target's per-database collectors visit its one database, as they
// would on a server of its own).
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/demo/embedded-postgres.js';
import { withClient } from './fixture.js';

export interface FleetTarget {
  readonly name: string;
  readonly url: string;
  readonly server: number;
}

export interface Fleet {
  readonly servers: readonly EmbeddedServer[];
  readonly targets: readonly FleetTarget[];
  stop(): Promise<void>;
}

const TABLES_PER_DATABASE = 10;
const ROLE_PASSWORD = 'fleet-bench-only';
const FLAGS = ['-c', 'pg_stat_statements.track_planning=on', '-c', 'fsync=off', '-c', 'max_connections=300'];

const withDatabase = (url: string, database: string, user?: string, password?: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) u.username = user;
  if (password) u.password = password;
  return u.toString();
};

/** One database per target: a few tables with an index and rows, pg_stat_statements, its own pg_monitor role. */
async function addTarget(server: EmbeddedServer, name: string): Promise<FleetTarget> {
  await withClient(server.url, async (c) => {
    await c.query(`CREATE DATABASE ${name}`);
    await c.query(`REVOKE CONNECT ON DATABASE ${name} FROM PUBLIC`);
    await c.query(`CREATE ROLE ${name} LOGIN PASSWORD '${ROLE_PASSWORD}' IN ROLE pg_monitor`);
    await c.query(`GRANT CONNECT ON DATABASE ${name} TO ${name}`);
  });
  await withClient(withDatabase(server.url, name), (c) =>
    c.query(`CREATE EXTENSION pg_stat_statements;
      DO $$ BEGIN FOR i IN 1..${TABLES_PER_DATABASE} LOOP
        EXECUTE format('CREATE TABLE t_%s (id int PRIMARY KEY, v text, n int)', i);
        EXECUTE format('CREATE INDEX t_%s_n ON t_%s (n)', i, i);
        EXECUTE format('INSERT INTO t_%s SELECT g, md5(g::text), g %% 10 FROM generate_series(1, 20) g', i);
      END LOOP; END $$; ANALYZE`),
  );
  return { name, url: withDatabase(server.url, name, name, ROLE_PASSWORD), server: 0 };
}

/** `count` targets over ceil(count / perServer) servers. */
export async function startFleet(count: number, perServer: number, log: (m: string) => void): Promise<Fleet> {
  const servers: EmbeddedServer[] = [];
  const targets: FleetTarget[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (let s = 0; s * perServer < count; s += 1) {
      const server = await startEmbeddedPostgres({ extraFlags: FLAGS });
      servers.push(server);
      // Only the targets' own roles may connect to their databases; postgres is the admin's.
      await withClient(server.url, (c) =>
        c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; REVOKE CONNECT ON DATABASE postgres FROM PUBLIC'),
      );
      const here = Math.min(perServer, count - s * perServer);
      log(`server ${s + 1} (PostgreSQL ${server.version}, port ${server.port}): ${here} databases`);
      for (let i = 0; i < here; i += 1) {
        const target = await addTarget(server, `fleet_${s * perServer + i + 1}`);
        targets.push({ ...target, server: s });
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, targets, stop };
}

/** Sums over every server: the targets' sessions now, and their statements since the last reset. */
export async function fleetServerStats(
  fleet: Fleet,
): Promise<{ connections: number; calls: number; execMs: number; planMs: number }> {
  const totals = { connections: 0, calls: 0, execMs: 0, planMs: 0 };
  for (const server of fleet.servers) {
    await withClient(server.url, async (c) => {
      const { rows } = await c.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'pgwarden'",
      );
      totals.connections += Number(rows[0]?.n ?? 0);
      const stats = await c.query<{ calls: string | null; exec: string | null; plan: string | null }>(
        `SELECT sum(calls) AS calls, sum(total_exec_time) AS exec, sum(total_plan_time) AS plan
         FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname LIKE 'fleet\\_%'`,
      );
      totals.calls += Number(stats.rows[0]?.calls ?? 0);
      totals.execMs += Number(stats.rows[0]?.exec ?? 0);
      totals.planMs += Number(stats.rows[0]?.plan ?? 0);
    });
  }
  return totals;
}

export async function resetFleetStatements(fleet: Fleet): Promise<void> {
  for (const server of fleet.servers) {
    await withClient(server.url, (c) => c.query('SELECT pg_stat_statements_reset()'));
  }
}
