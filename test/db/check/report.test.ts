// The report below the verdict, as the old monitor-database.sh printed it: sessions, statements, sizes, indexes and
// vacuum, on a real server with real sessions. Statement text appears only when the configuration allows it.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createDatabase } from '../../support/postgres.js';
import { eventually } from '../../support/eventually.js';
import { check, sleep, writeConfig } from './harness.js';
import { sessionOn } from './sessions.js';

const DATABASE = 'pgwarden_report';
const SECRET = 'secret-literal-4711';

interface Section {
  name: string;
  lines: string[];
  rows: Record<string, unknown>[];
}

function section(stdout: string, name: string): Section {
  const doc = JSON.parse(stdout) as { report: Section[] };
  const found = doc.report.find((s) => s.name === name);
  if (!found) throw new Error(`no section ${name} in ${stdout}`);
  return found;
}

describe('pgwarden check report', () => {
  let url: string;
  let plain: { file: string; remove(): Promise<void> };
  let withText: { file: string; remove(): Promise<void> };
  const sessions: pg.Client[] = [];
  let holderPid = 0;

  beforeAll(async () => {
    url = await createDatabase(DATABASE);
    await adminQuery('CREATE EXTENSION IF NOT EXISTS pg_stat_statements', [], url);
    await adminQuery(
      `CREATE TABLE orders (id int PRIMARY KEY, note text) WITH (autovacuum_enabled = false);
       CREATE INDEX orders_note_idx ON orders (note);
       INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 20000) g;
       DELETE FROM orders WHERE id > 5000;
       CREATE TABLE locked (id int);`,
      [],
      url,
    );
    // Two seconds of execution keep the statement in the server-wide top 10 while other tests run statements too.
    await adminQuery(`SELECT count(*) FROM orders, pg_sleep(2) WHERE id > 4000 AND note <> '${SECRET}'`, [], url);
    // Wait for the statistics: n_dead_tup reaches pg_stat_user_tables when the backends have flushed them.
    await eventually(async () => {
      const [row] = await adminQuery<{ n: string }>(
        "SELECT n_dead_tup AS n FROM pg_stat_user_tables WHERE relname = 'orders'",
        [],
        url,
      );
      return Number(row?.n) >= 15000;
    });
    plain = await writeConfig({ url });
    withText = await writeConfig({ url, extra: ['collectors:', '  enable: [stat_statements_query]'] });

    const holder = await sessionOn(url, 'report-holder');
    const waiter = await sessionOn(url, 'report-waiter');
    const sleeper = await sessionOn(url, 'report-sleeper');
    sessions.push(holder, waiter, sleeper);
    holderPid = Number((await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE locked IN ACCESS EXCLUSIVE MODE');
    void waiter.query(`SELECT * FROM locked WHERE id::text <> '${SECRET}'`).catch(() => undefined);
    void sleeper.query(`SELECT pg_sleep(60), '${SECRET}'`).catch(() => undefined);
    await sleep(500);
  });

  afterAll(async () => {
    for (const s of sessions) await s.end().catch(() => undefined);
    await plain?.remove();
    await withText?.remove();
    await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  });

  it('--connections: by state and user, active queries with their duration, waiting queries and their blocker', async () => {
    const run = await check(['--connections', '--interval', '0'], plain.file);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^POSTGRES (OK|WARNING) - /);
    expect(lines.find((l) => l.startsWith('Connections by state: '))).toMatch(/active \d+.*idle in transaction \d+/);
    expect(lines.find((l) => l.startsWith('Connections by user: '))).toMatch(/\w+ \d+/);
    const active = lines.slice(lines.indexOf('Active queries:') + 1);
    expect(active.find((l) => l.includes('(report-sleeper) running '))).toMatch(
      /^ {2}pid \d+ \w+@pgwarden_report \(report-sleeper\) running [\d.]+m?s( waiting on \w+:\w+)?: /,
    );
    const waiting = lines.slice(lines.indexOf('Waiting queries:') + 1);
    expect(waiting[0]).toMatch(
      new RegExp(
        `^ {2}pid \\d+ \\w+@pgwarden_report \\(report-waiter\\) waiting [\\d.]+m?s for Lock:relation, blocked by pid ${holderPid}: `,
      ),
    );
    // No statement text without the configuration's consent: queryids or nothing.
    expect(run.stdout).not.toContain(SECRET);
    expect(run.stdout).not.toContain('pg_sleep');
  });

  it('with stat_statements_query enabled, statement text is shown normalized: literals masked', async () => {
    const run = await check(['--connections', '--slow-queries', '--interval', '0', '--json'], withText.file);
    expect(run.stdout).not.toContain(SECRET);
    const waiting = section(run.stdout, 'waiting_queries');
    expect(waiting.rows[0]).toMatchObject({ application_name: 'report-waiter', blocked_by: String(holderPid) });
    expect(waiting.rows[0]?.query).toBe('SELECT * FROM locked WHERE id::text <> ?');
    const active = section(run.stdout, 'active_queries');
    expect(active.lines.join('\n')).toContain('SELECT pg_sleep(?), ?');
    const top = section(run.stdout, 'slow_queries');
    expect(top.rows.length).toBeGreaterThan(0);
    expect(top.rows.length).toBeLessThanOrEqual(10);
    const orders = top.rows.find((r) =>
      String(r.query).includes('FROM orders, pg_sleep($1) WHERE id > $2 AND note <> $3'),
    );
    expect(orders).toMatchObject({ datname: DATABASE, calls: expect.any(Number) });
    expect(Number(orders?.total_seconds)).toBeGreaterThan(0);
    expect(
      top.lines.some((l) =>
        /^[\d.]+m?s total, [\d.]+m?s mean, [\d,]+ calls, \w+@pgwarden_report: SELECT count/.test(l),
      ),
    ).toBe(true);
  });

  it('--slow-queries without consent names queryids, not statements', async () => {
    const run = await check(['--slow-queries', '--interval', '0'], plain.file);
    const lines = run.stdout.split('\n');
    const title = lines.findIndex((l) => l.startsWith('Top statements by total time'));
    expect(lines[title]).toContain('statement text is shown when the stat_statements_query collector is enabled');
    expect(lines[title + 1]).toMatch(/^ {2}[\d.]+m?s total, .* calls, \w+@\w+: queryid -?\d+$/);
    expect(run.stdout).not.toContain('FROM orders');
  });

  it('--disk: database sizes and the largest tables', async () => {
    const run = await check(['--disk', '--interval', '0'], plain.file);
    const lines = run.stdout.split('\n');
    const sizes = lines.slice(lines.indexOf('Database sizes:') + 1);
    expect(sizes.find((l) => l.startsWith(`  ${DATABASE} `))).toMatch(/^ {2}pgwarden_report [\d.]+ MiB$/);
    const tables = lines.slice(lines.indexOf('Largest tables (with indexes and TOAST):') + 1);
    expect(tables.find((l) => l.includes(`${DATABASE} public.orders`))).toMatch(
      /^ {2}pgwarden_report public\.orders [\d.]+ [KM]iB \(table [\d.]+ [KM]iB, indexes [\d.]+ [KM]iB\)$/,
    );
  });

  it('--metrics: unused indexes, and dead rows with "never vacuumed" for a table never vacuumed', async () => {
    const run = await check(['--metrics', '--interval', '0'], plain.file);
    const lines = run.stdout.split('\n');
    expect(lines.find((l) => l.includes('public.orders_note_idx'))).toMatch(
      /^ {2}pgwarden_report public\.orders_note_idx on orders: [\d.]+ [KM]iB, 0 scans$/,
    );
    expect(lines.find((l) => l.includes(`${DATABASE} public.orders:`))).toMatch(
      /^ {2}pgwarden_report public\.orders: 15,000 dead rows \(75%\), never vacuumed$/,
    );
    expect(run.stdout).not.toMatch(/\d{5}d/);
  });

  it('--health: databases with size, cache hit ratio and connections, and the oldest open transactions', async () => {
    const run = await check(['--health', '--interval', '0', '--json'], plain.file);
    const dbs = section(run.stdout, 'databases');
    expect(dbs.rows.find((r) => r.datname === DATABASE)).toMatchObject({ size_bytes: expect.any(Number) });
    expect(dbs.lines.find((l) => l.startsWith(`${DATABASE}: `))).toMatch(/, cache hit [\d.]+%, \d+ connections$/);
    const open = section(run.stdout, 'long_transactions');
    expect(open.rows.map((r) => r.pid)).toContain(holderPid);
  });
});
