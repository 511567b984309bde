import pg from 'pg';

export interface Scale {
  readonly name: string;
  readonly databases: number;
  readonly tablesPerDatabase: number;
  readonly statements: number;
}

export const SCALES: Record<string, Scale> = {
  small: { name: 'small', databases: 3, tablesPerDatabase: 200, statements: 500 },
  large: { name: 'large', databases: 1, tablesPerDatabase: 10_000, statements: 5_000 },
};

/**
 * Server settings for the fixture: room for the statements and the 10,000 tables' locks, no fsync, and planning time
 * tracked (the agent's SQL cost is planning plus execution; the issue's ratio is against execution alone).
 */
export const BENCH_SERVER_FLAGS = [
  '-c',
  'pg_stat_statements.max=20000',
  '-c',
  'pg_stat_statements.track_planning=on',
  '-c',
  'max_locks_per_transaction=1024',
  '-c',
  'fsync=off',
];

export const BENCH_ROLE = 'pgwarden_bench';
export const BENCH_PASSWORD = 'bench-only-password';

/** Runs `fn` with a client of its own on `url` (the fixture builders' and the bench's statistics queries). */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'pgwarden-bench-fixture' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Builds the fixture: N databases, each with tables (primary key + one secondary index, a few rows), and as many
 * distinct statements in pg_stat_statements. Returns the database names.
 */
export async function buildFixture(adminUrl: string, scale: Scale, log: (m: string) => void): Promise<string[]> {
  const names = Array.from({ length: scale.databases }, (_, i) => `bench_${scale.name}_${i + 1}`);
  await withClient(adminUrl, async (c) => {
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await c.query(`DO $$ BEGIN CREATE ROLE ${BENCH_ROLE} LOGIN PASSWORD '${BENCH_PASSWORD}' IN ROLE pg_monitor;
                   EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    for (const name of names) {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    }
  });
  for (const name of names) {
    log(`creating ${scale.tablesPerDatabase} tables in ${name}`);
    await withClient(databaseUrl(adminUrl, name), async (c) => {
      await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      for (let start = 1; start <= scale.tablesPerDatabase; start += 500) {
        const end = Math.min(scale.tablesPerDatabase, start + 499);
        await c.query(`DO $$ BEGIN FOR i IN ${start}..${end} LOOP
          EXECUTE format('CREATE TABLE t_%s (id int PRIMARY KEY, v text, n int)', i);
          EXECUTE format('CREATE INDEX t_%s_n ON t_%s (n)', i, i);
          EXECUTE format('INSERT INTO t_%s SELECT g, md5(g::text), g %% 10 FROM generate_series(1, 20) g', i);
        END LOOP; END $$`);
      }
      await c.query('ANALYZE');
    });
  }
  const perDatabase = Math.ceil(scale.statements / names.length);
  for (const name of names) {
    log(`running ${perDatabase} distinct statements in ${name}`);
    await withClient(databaseUrl(adminUrl, name), async (c) => {
      for (let i = 1; i <= perDatabase; i += 1) {
        const table = 1 + ((i - 1) % scale.tablesPerDatabase);
        // Distinct shapes, so pg_stat_statements keeps distinct entries even where tables repeat.
        const shape = Math.floor((i - 1) / scale.tablesPerDatabase);
        await c.query(`SELECT count(*) FROM t_${table} WHERE n > ${shape} ${'AND id > 0 '.repeat(shape)}`);
      }
    });
  }
  return names;
}

export function benchUrl(adminUrl: string, database: string): string {
  const url = new URL(databaseUrl(adminUrl, database));
  url.username = BENCH_ROLE;
  url.password = BENCH_PASSWORD;
  return url.toString();
}

/** Statements the bench role ran, and their summed execution and planning time, from pg_stat_statements. */
export async function agentStatementStats(
  adminUrl: string,
): Promise<{ calls: number; execMs: number; planMs: number }> {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ calls: string | null; exec: string | null; plan: string | null }>(
      `SELECT sum(calls) AS calls, sum(total_exec_time) AS exec, sum(total_plan_time) AS plan FROM pg_stat_statements
       WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
      [BENCH_ROLE],
    );
    const row = rows[0];
    return { calls: Number(row?.calls ?? 0), execMs: Number(row?.exec ?? 0), planMs: Number(row?.plan ?? 0) };
  });
}

export async function resetStatements(adminUrl: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query('SELECT pg_stat_statements_reset()'));
}
