// A workload that makes a real server write every kind of log event the server-log reader counts. Used by the db
// tests (counters move), the pgBadger comparison (same file, both tools) and the benchmark.
import pg from 'pg';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'log-workload' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function attempt(client: pg.Client, sql: string): Promise<void> {
  await client.query(sql).catch(() => undefined);
}

/** The SQLSTATEs `errors` provokes, in order. */
export const PROVOKED_SQLSTATES = ['22012', '42P01', '42601', '23505', '53100', '53200'];

export async function errors(url: string): Promise<void> {
  const c = await connect(url);
  try {
    await c.query('CREATE TABLE IF NOT EXISTS wl_unique (id int PRIMARY KEY)');
    await c.query('INSERT INTO wl_unique VALUES (1) ON CONFLICT DO NOTHING');
    await attempt(c, 'SELECT 1/0');
    await attempt(c, 'SELECT * FROM wl_missing_table');
    await attempt(c, 'SELEC 1');
    await attempt(c, 'INSERT INTO wl_unique VALUES (1)');
    // Out of disk and memory cannot be caused safely; the same SQLSTATEs and texts are raised instead.
    await attempt(
      c,
      "DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$",
    );
    await attempt(c, "DO $$ BEGIN RAISE EXCEPTION 'out of memory' USING ERRCODE = '53200'; END $$");
  } finally {
    await c.end();
  }
}

/** A statement that fails and is logged with its STATEMENT line, password included (the reader must mask it). */
export async function passwordStatement(url: string, password: string): Promise<void> {
  const c = await connect(url);
  try {
    await attempt(c, `CREATE ROLE postgres LOGIN PASSWORD '${password}'`);
  } finally {
    await c.end();
  }
}

export async function failedLogins(url: string, count: number, user = 'postgres'): Promise<void> {
  const u = new URL(url);
  u.username = user;
  u.password = 'wrong-password';
  for (let i = 0; i < count; i++) {
    const c = new pg.Client({ connectionString: u.toString() });
    c.on('error', () => undefined);
    await c.connect().catch(() => undefined);
    await c.end().catch(() => undefined);
  }
}

export async function slowStatements(url: string, count: number): Promise<void> {
  const c = await connect(url);
  try {
    for (let i = 0; i < count; i++) await c.query(`SELECT pg_sleep(0.1), ${i} AS n, 'literal-${i}' AS s`);
  } finally {
    await c.end();
  }
}

export async function deadlock(url: string): Promise<void> {
  const [a, b] = [await connect(url), await connect(url)];
  try {
    await a.query('CREATE TABLE IF NOT EXISTS wl_deadlock (id int PRIMARY KEY, v int)');
    await a.query('INSERT INTO wl_deadlock VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING');
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('UPDATE wl_deadlock SET v = v + 1 WHERE id = 1');
    await b.query('UPDATE wl_deadlock SET v = v + 1 WHERE id = 2');
    const first = a.query('UPDATE wl_deadlock SET v = v + 1 WHERE id = 2');
    await sleep(50);
    const second = b.query('UPDATE wl_deadlock SET v = v + 1 WHERE id = 1');
    await Promise.allSettled([first, second]);
    await a.query('ROLLBACK');
    await b.query('ROLLBACK');
  } finally {
    await a.end();
    await b.end();
  }
}

/** One lock wait longer than deadlock_timeout (which the logging settings put at 200 ms). */
export async function lockWait(url: string, holdMs = 600): Promise<void> {
  const [a, b] = [await connect(url), await connect(url)];
  try {
    await a.query('CREATE TABLE IF NOT EXISTS wl_lock (id int)');
    await a.query('BEGIN');
    await a.query('LOCK TABLE wl_lock IN ACCESS EXCLUSIVE MODE');
    const waiting = b.query('SELECT count(*) FROM wl_lock');
    await sleep(holdMs);
    await a.query('COMMIT');
    await waiting;
  } finally {
    await a.end();
    await b.end();
  }
}

export async function tempFiles(url: string): Promise<void> {
  const c = await connect(url);
  try {
    await c.query("SET work_mem = '64kB'");
    await c.query('SELECT count(*) FROM (SELECT g FROM generate_series(1, 100000) g ORDER BY g DESC) t');
  } finally {
    await c.end();
  }
}

export async function checkpoint(url: string): Promise<void> {
  const c = await connect(url);
  try {
    await c.query('CHECKPOINT');
  } finally {
    await c.end();
  }
}

/** Creates churn and waits until autovacuum and autoanalyze have run on it (autovacuum_naptime = 1 s). */
export async function autovacuum(url: string, timeoutMs = 60_000): Promise<void> {
  const c = await connect(url);
  try {
    await c.query('DROP TABLE IF EXISTS wl_vacuum');
    await c.query('CREATE TABLE wl_vacuum (id int, pad text)');
    await c.query("INSERT INTO wl_vacuum SELECT g, repeat('x', 100) FROM generate_series(1, 2000) g");
    await c.query('DELETE FROM wl_vacuum WHERE id % 2 = 0');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await c.query<{ v: number; a: number }>(
        "SELECT autovacuum_count AS v, autoanalyze_count AS a FROM pg_stat_user_tables WHERE relname = 'wl_vacuum'",
      );
      if (Number(rows[0]?.v) > 0 && Number(rows[0]?.a) > 0) return;
      if (Date.now() > deadline) throw new Error('autovacuum did not run on wl_vacuum in time');
      await sleep(250);
    }
  } finally {
    await c.end();
  }
}

/** Archive failures: archive_command = 'false' and a WAL switch after some writes. */
export async function archiveFailure(url: string): Promise<void> {
  const c = await connect(url);
  try {
    await c.query('CREATE TABLE IF NOT EXISTS wl_wal (id int)');
    await c.query('INSERT INTO wl_wal SELECT generate_series(1, 100)');
    await c.query('SELECT pg_switch_wal()');
  } finally {
    await c.end();
  }
}

/** Kills one backend with SIGKILL: the postmaster restarts every process (a crash restart in the log). */
export async function crashBackend(url: string): Promise<void> {
  const c = await connect(url);
  const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  process.kill(Number(rows[0]?.pid), 'SIGKILL');
  await c.end().catch(() => undefined);
  // Wait until the server accepts connections again.
  for (let i = 0; i < 200; i++) {
    try {
      const probe = await connect(url);
      await probe.end();
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('the server did not come back after the crash');
}

export async function adminBurstDatabase(url: string): Promise<void> {
  const c = await connect(url);
  try {
    const { rows } = await c.query("SELECT 1 FROM pg_database WHERE datname = 'burst'");
    if (rows.length === 0) await c.query('CREATE DATABASE burst');
  } finally {
    await c.end();
  }
}

/** `count` WARNING messages from one session, in batches (a burst while the test rotates the log). */
export async function warnings(url: string, count: number): Promise<void> {
  const c = await connect(url);
  try {
    for (let done = 0; done < count; done += 100) {
      await c.query(
        `DO $$ BEGIN FOR i IN 1..${Math.min(100, count - done)} LOOP RAISE WARNING 'burst %', i; END LOOP; END $$`,
      );
    }
  } finally {
    await c.end();
  }
}

export async function rotateLogfile(url: string): Promise<void> {
  const c = await connect(url);
  try {
    await c.query('SELECT pg_rotate_logfile()');
  } finally {
    await c.end();
  }
}
