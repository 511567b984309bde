// The families pgwarden adds, against real sessions: a lock wait, an idle transaction, an invalid index, a setting
// waiting for a restart, a nearly exhausted sequence.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sampler } from '../../../src/collect/sampler.js';
import { targetFromDsn } from '../../../src/config/load.js';
import { makeSampler, shippedDefinitions } from '../../support/agent-parts.js';
import { parseExposition, samplesOf, type ParsedExposition } from '../../support/exposition.js';
import { startPostgresMajor, type MajorServer } from '../../support/postgres-major.js';

const COLLECTORS = [
  'blocked_sessions',
  'idle_in_transaction',
  'long_running_transactions',
  'invalid_indexes',
  'settings_pending_restart',
  'sequences',
  'database_cache_hit',
  'database_checksums',
];

describe('new families on PostgreSQL 18', () => {
  let server: MajorServer;
  let holder: pg.Client;
  let waiter: pg.Client;
  let waiting: Promise<unknown>;
  let sampler: Sampler;
  let parsed: ParsedExposition;
  const connect = async () => {
    const client = new pg.Client({ connectionString: server.url() });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    server = await startPostgresMajor(18);
    const admin = await connect();
    await admin.query('CREATE TABLE accounts (id int, balance int)');
    await admin.query('INSERT INTO accounts VALUES (1, 10), (1, 20)');
    // A unique index over duplicates fails when built concurrently and stays behind, invalid.
    await admin.query('CREATE UNIQUE INDEX CONCURRENTLY accounts_id ON accounts (id)').catch(() => undefined);
    await admin.query('CREATE SEQUENCE ticket_seq AS smallint MAXVALUE 1000');
    await admin.query("SELECT setval('ticket_seq', 900)");
    await admin.query('ALTER SYSTEM SET max_locks_per_transaction = 128');
    await admin.query('SELECT pg_reload_conf()');
    await admin.end();

    holder = await connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
    waiter = await connect();
    waiting = waiter.query('SELECT count(*) FROM accounts').catch(() => undefined);
    const watcher = await connect();
    for (let i = 0; i < 100; i++) {
      const { rows } = await watcher.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
      );
      if (rows[0]?.n === 1) break;
      await watcher.query('SELECT pg_sleep(0.05)');
    }
    await watcher.end();

    sampler = makeSampler(targetFromDsn(server.url(), 'pg18'), shippedDefinitions(COLLECTORS));
    parsed = parseExposition((await sampler.collect()).body.toString());
  });

  afterAll(async () => {
    await holder?.query('ROLLBACK').catch(() => undefined);
    await waiting;
    await holder?.end();
    await waiter?.end();
    await sampler?.target.close();
    await server?.stop();
  });

  const one = (family: string, labels: Record<string, string>) =>
    samplesOf(parsed, family).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));

  it('counts the session waiting for the lock and how long it has waited', () => {
    expect(one('pg_blocked_sessions', { datname: 'postgres' }).map((s) => s.value)).toEqual([1]);
    expect(one('pg_lock_wait_max_seconds', { datname: 'postgres' })[0]?.value).toBeGreaterThan(0);
  });

  it('counts the lock holder as idle in transaction, and both open transactions as long running', () => {
    expect(one('pg_idle_in_transaction_sessions', { datname: 'postgres' }).map((s) => s.value)).toEqual([1]);
    expect(one('pg_idle_in_transaction_max_seconds', { datname: 'postgres' })[0]?.value).toBeGreaterThan(0);
    expect(samplesOf(parsed, 'pg_long_running_transactions')[0]?.value).toBeGreaterThanOrEqual(2);
  });

  it('reports the invalid index', () => {
    expect(samplesOf(parsed, 'pg_index_invalid')).toEqual([
      {
        name: 'pg_index_invalid',
        labels: { datname: 'postgres', schemaname: 'public', relname: 'accounts', indexrelname: 'accounts_id' },
        value: 1,
      },
    ]);
  });

  it('names the setting that waits for a restart', () => {
    expect(samplesOf(parsed, 'pg_settings_pending_restart')).toEqual([
      { name: 'pg_settings_pending_restart', labels: { name: 'max_locks_per_transaction' }, value: 1 },
    ]);
  });

  it('measures how much of a sequence is used', () => {
    const ticket = one('pg_sequence_used_ratio', { sequencename: 'ticket_seq' });
    expect(ticket.map((s) => s.value)).toEqual([0.9]);
  });

  it('exports the cache hit ratio and (checksums being on by default in 18) the checksum failure counter', () => {
    const ratio = one('pg_database_cache_hit_ratio', { datname: 'postgres' })[0]?.value ?? -1;
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(one('pg_stat_database_checksum_failures_total', { datname: 'postgres' }).map((s) => s.value)).toEqual([0]);
    expect(parsed.types.get('pg_stat_database_checksum_failures_total')).toBe('counter');
  });
});
