import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../support/postgres.js';
import { check, perfField, session, sleep, writeConfig } from './harness.js';

let config: { file: string; remove(): Promise<void> };
beforeAll(async () => {
  config = await writeConfig();
});
afterAll(async () => {
  await config.remove();
});

describe('pgwarden check on a real database', () => {
  it('is OK on a quiet database, with perfdata of the selection', async () => {
    const run = await check(['--connections'], config.file);
    expect(run.stdout).toMatch(/^POSTGRES OK - 3 checks OK \| /);
    expect(run.code).toBe(0);
    const first = run.stdout.split('\n')[0]!;
    // PostgresConnectionsHigh's 0.8 and 0.9 of (max_connections - superuser_reserved_connections).
    const [value, warn, crit, min, max] = perfField(first, 'connections')!;
    expect(Number(value)).toBeGreaterThanOrEqual(0);
    expect(Number(warn)).toBeCloseTo(0.8 * Number(max), 6);
    expect(Number(crit)).toBeCloseTo(0.9 * Number(max), 6);
    expect(min).toBe('0');
    expect(perfField(first, 'idle_in_transaction')?.slice(1)).toEqual(['300', '900', '0']);
  });

  it('a session idle in transaction: WARNING past the (overridden) warning threshold, CRITICAL past critical', async () => {
    const idle = await session();
    try {
      await idle.query('BEGIN');
      await idle.query('SELECT 1');
      await sleep(1500);
      const warning = await check(['--rule', 'PostgresIdleInTransaction', '--warning', '1'], config.file);
      expect(warning.stdout).toMatch(/^POSTGRES WARNING - A session in \S+ on main is idle in transaction for /);
      expect(warning.code).toBe(1);
      const [value, warn, crit] = perfField(warning.stdout.split('\n')[0]!, 'idle_in_transaction')!;
      expect(Number(value!.replace(/s$/, ''))).toBeGreaterThan(1);
      expect([warn, crit]).toEqual(['1', '900']);
      const critical = await check(
        ['--rule', 'PostgresIdleInTransaction', '--warning', '0.5', '--critical', '1', '--json'],
        config.file,
      );
      const doc = JSON.parse(critical.stdout) as { status: string; exit_code: number; checks: { state: string }[] };
      expect([doc.status, doc.exit_code, critical.code]).toEqual(['CRITICAL', 2, 2]);
      expect(doc.checks.map((c) => c.state).sort()).toEqual(['CRITICAL', 'WARNING']);
    } finally {
      await idle.end();
    }
    const after = await check(['--rule', 'PostgresIdleInTransaction', '--warning', '1'], config.file);
    expect(after.code).toBe(0);
  });

  it('a blocked lock: waiting sessions in the perfdata and WARNING from the lock-wait rule', async () => {
    const holder = await session();
    const waiter = await session();
    await holder.query('CREATE TABLE IF NOT EXISTS check_lock_test (id int)');
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE check_lock_test IN ACCESS EXCLUSIVE MODE');
    const waiting = waiter.query('SELECT count(*) FROM check_lock_test').catch(() => undefined);
    try {
      await sleep(1500);
      const run = await check(['--rule', 'PostgresLockWaits', '--warning', '1'], config.file);
      expect(run.stdout).toMatch(/^POSTGRES WARNING - Sessions in \S+ on main wait for locks for /);
      expect(run.code).toBe(1);
      const locks = await check(['--locks', '--json', '--interval', '0'], config.file);
      const doc = JSON.parse(locks.stdout) as { perfdata: Record<string, { val: number }>; longmsg: string[] };
      expect(doc.perfdata.waiting_sessions?.val).toBe(1);
      expect(doc.perfdata.lock_wait?.val).toBeGreaterThan(1);
      expect(doc.longmsg).toContain('NOTE: not evaluated (they need two samples; --interval is 0): PostgresDeadlocks');
    } finally {
      await holder.query('ROLLBACK');
      await waiting;
      await holder.query('DROP TABLE IF EXISTS check_lock_test');
      await holder.end();
      await waiter.end();
    }
  });

  it('too many connections, by a rule override: WARNING with the override in the perfdata', async () => {
    const clients = await Promise.all([session(), session(), session()]);
    try {
      const run = await check(['--rule', 'PostgresConnectionsHigh', '--warning', '0.02'], config.file);
      expect(run.stdout).toMatch(/^POSTGRES WARNING - PostgreSQL main uses [\d.]+% of its connections \| connections=/);
      expect(run.code).toBe(1);
      const [value, warn, crit, , max] = perfField(run.stdout.split('\n')[0]!, 'connections')!;
      expect(Number(value)).toBeGreaterThanOrEqual(3);
      expect(Number(warn)).toBeCloseTo(0.02 * Number(max), 6);
      expect(Number(crit)).toBeCloseTo(0.9 * Number(max), 6);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('an unreachable database is CRITICAL with the reason and no password', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const url = new URL(testDatabaseUrl());
    url.port = String(port);
    url.password = 'sekret-password';
    const down = await writeConfig({ url: url.toString() });
    try {
      const run = await check(['-t', '3'], down.file);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe(
        `POSTGRES CRITICAL - cannot connect to postgresql://${url.username}:****@127.0.0.1:${port}${url.pathname}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
      );
      expect(run.stdout + run.stderr).not.toContain('sekret');
      const json = JSON.parse((await check(['--json', '-t', '3'], down.file)).stdout) as Record<string, unknown>;
      expect([json.status, json.exit_code, json.target]).toEqual(['CRITICAL', 2, 'main']);
    } finally {
      await down.remove();
    }
  });

  it('a bad flag, config or rule name is UNKNOWN with one line', async () => {
    const bad = await check(['--frobnicate'], config.file);
    expect([bad.code, bad.stdout]).toEqual([3, "POSTGRES UNKNOWN - usage: Unknown option '--frobnicate'\n"]);
    const missing = await check(['--rule', 'NoSuchRule'], config.file);
    expect([missing.code, missing.stdout]).toEqual([
      3,
      'POSTGRES UNKNOWN - no alerting rule named NoSuchRule in the rule files\n',
    ]);
    const broken = await check(['--json'], '/nonexistent/pgwarden.yml');
    const doc = JSON.parse(broken.stdout) as { status: string; msg: string };
    expect([broken.code, doc.status]).toEqual([3, 'UNKNOWN']);
    expect(doc.msg).toMatch(/nonexistent/);
    const shape = await check(['--rule', 'PostgresDown', '--critical', '1', '--rule', 'x'], config.file);
    expect(shape.code).toBe(3);
  });
});
