// The agent's own work must not trip its own rules: `pgwarden doctor` and `pgwarden check` end their read-only
// transactions with COMMIT, so they add nothing to pg_stat_database.xact_rollback (PostgresHighRollbackRate).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/cli/doctor.js';
import { adminQuery, createDatabase } from '../../support/postgres.js';
import { eventually } from '../../support/eventually.js';
import { check, sleep, writeConfig } from './harness.js';

const DATABASE = 'pgwarden_rollbacks';

interface Counts {
  commits: number;
  rollbacks: number;
}

/** The database's transaction counters, read from another database with a fresh statistics snapshot. */
async function counts(): Promise<Counts> {
  const [row] = await adminQuery<{ commits: string; rollbacks: string }>(
    `SELECT pg_stat_clear_snapshot(), xact_commit AS commits, xact_rollback AS rollbacks
     FROM pg_stat_database WHERE datname = $1`,
    [DATABASE],
  );
  return { commits: Number(row?.commits), rollbacks: Number(row?.rollbacks) };
}

/** Runs `work`, waits until the server has counted its transactions, and returns the counters' growth. */
async function growth(work: () => Promise<unknown>): Promise<Counts> {
  const before = await counts();
  await work();
  // Backends flush their statistics when they exit (and at most once a second meanwhile): wait until the work's
  // commits show, then a little longer for anything counted after them.
  await eventually(async () => (await counts()).commits > before.commits);
  await sleep(1500);
  const after = await counts();
  return { commits: after.commits - before.commits, rollbacks: after.rollbacks - before.rollbacks };
}

describe('the agent causes no rollbacks', () => {
  let url: string;
  beforeAll(async () => {
    url = await createDatabase(DATABASE);
    await adminQuery('CREATE TABLE t (id int PRIMARY KEY)', [], url);
  });
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  });

  it('pgwarden doctor commits its trial queries', async () => {
    let out = '';
    const delta = await growth(() =>
      runDoctor(['--url', url], { stdout: (t) => (out += t), stderr: (t) => (out += t), env: {} }),
    );
    expect(out).toContain('OK       stat_user_tables');
    expect(delta.rollbacks).toBe(0);
    expect(delta.commits).toBeGreaterThan(20);
  });

  it('pgwarden check (two collections) commits its queries', async () => {
    const config = await writeConfig({ url });
    try {
      let run = { code: -1, stdout: '' };
      const delta = await growth(async () => (run = await check(['--interval', '1s'], config.file)));
      expect(run.stdout).toMatch(/^POSTGRES (OK|WARNING|CRITICAL) - /);
      expect(delta.rollbacks).toBe(0);
      expect(delta.commits).toBeGreaterThan(0);
    } finally {
      await config.remove();
    }
  });
});
