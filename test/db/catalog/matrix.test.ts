// Every shipped collector definition on every selected PostgreSQL major (PGWARDEN_TEST_MATRIX; 13 and 18 by default):
// each succeeds, emits only the families it declares, and emits every family that must be present on a primary with
// a table, an index, a used sequence, a reserved replication slot and pg_stat_statements.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTarget, type CollectorOutcome } from '../../../src/collect/collect-target.js';
import { loadDefinitions, sqlForVersion, type CollectorDefinition } from '../../../src/collect/definition.js';
import { SqlCollector } from '../../../src/collect/sql-source.js';
import { Target } from '../../../src/collect/target.js';
import { targetFromDsn } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/log.js';
import { shippedCollectorsDir } from '../../../src/paths.js';
import { matrixMajors, startPostgresMajor, type MajorServer } from '../../support/postgres-major.js';
import { prepareFixture } from './fixture.js';

// All shipped definitions, including those off by default.
const ALL = loadDefinitions([shippedCollectorsDir()]).definitions;

/** Families that only appear under conditions this fixture does not create (or not on every major). */
function conditional(family: string, major: number): boolean {
  const checkpointColumns = /^pg_stat_bgwriter_(checkpoints_|checkpoint_|buffers_checkpoint|buffers_backend)/;
  return (
    family === 'pg_replication_slots_slot_confirmed_flush_lsn' || // an active slot
    family === 'pg_stat_archiver_last_archive_age' || // a WAL file was archived
    family.startsWith('pg_stat_progress_vacuum_') || // a VACUUM running
    family.startsWith('pg_stat_replication_') || // a connected standby
    family.startsWith('pg_stat_wal_receiver_') || // a standby
    family === 'pg_index_invalid' || // an invalid index
    family === 'pg_settings_pending_restart' || // a changed setting awaiting restart
    family === 'pg_stat_database_checksum_failures_total' || // data checksums enabled (default only from 18)
    (family === 'pg_stat_database_active_time_seconds_total' && major < 14) ||
    (checkpointColumns.test(family) && major >= 17) ||
    (/^pg_stat_wal_(write|sync)/.test(family) && major >= 18) // moved to pg_stat_io in 18
  );
}

function declared(def: CollectorDefinition): RegExp[] {
  return def.metrics.map((m) => new RegExp(`^${m.name.replace(/\{[a-z_]+\}/g, '[a-zA-Z0-9_]+')}$`));
}

describe.each(matrixMajors())('collector catalog on PostgreSQL %i', (major) => {
  let server: MajorServer;
  let target: Target;
  let outcomes: CollectorOutcome[];

  beforeAll(async () => {
    server = await startPostgresMajor(major, { max_slot_wal_keep_size: '1GB' });
    await prepareFixture(server.url());
    target = new Target(targetFromDsn(server.url(), `pg${major}`), silentLogger());
    expect(await target.probe()).toBe(true);
    expect(target.serverMajor).toBe(major);
    const collectors = ALL.map((d) => new SqlCollector(d));
    outcomes = await collectTarget(
      target,
      collectors.filter((c) => c.definition.scope === 'server'),
      collectors.filter((c) => c.definition.scope === 'database'),
      { include: [], exclude: [] },
      Date.now(),
    );
  });
  /** A family's samples from one collector, over every database it ran in. */
  const samples = (collector: string, family: string) =>
    outcomes
      .filter((o) => o.collector === collector)
      .flatMap((o) => o.families.filter((f) => f.name === family).flatMap((f) => f.samples));

  afterAll(async () => {
    await target?.close();
    await server?.stop();
  });

  it('runs every definition without error', () => {
    const failures = outcomes.filter((o) => !o.success).map((o) => `${o.collector}: ${o.error}`);
    expect(failures).toEqual([]);
    expect(new Set(outcomes.map((o) => o.collector))).toEqual(new Set(ALL.map((d) => d.name)));
  });

  it.each([
    ['stat_checkpointer', 17],
    ['stat_io', 16],
    ['stat_wal', 14],
  ])('skips %s exactly below PostgreSQL %i, where its view does not exist', (name, since) => {
    const outcome = outcomes.find((o) => o.collector === name);
    expect(outcome?.skipped !== undefined).toBe(major < since);
  });

  it.each(ALL.map((d) => [d.name, d] as const))('%s emits only its declared families', (name, def) => {
    const patterns = declared(def);
    const emitted = outcomes.filter((o) => o.collector === name).flatMap((o) => o.families.map((f) => f.name));
    expect(emitted.filter((family) => !patterns.some((p) => p.test(family)))).toEqual([]);
  });

  it('emits every family that must be present', () => {
    const emitted = new Set(outcomes.flatMap((o) => o.families.filter((f) => f.samples.length > 0).map((f) => f.name)));
    const mustHave = ALL.filter((d) => sqlForVersion(d.queries, major) !== undefined)
      .flatMap((d) => d.metrics.map((m) => m.name))
      .filter((name) => !name.includes('{') && !conditional(name, major));
    expect(mustHave.filter((name) => !emitted.has(name))).toEqual([]);
    expect([...emitted].filter((name) => name.startsWith('pg_settings_')).length).toBeGreaterThan(200);
  });

  it('reads the fixture in every database: per-database collectors label each with datname', () => {
    const inserted = samples('stat_user_tables', 'pg_stat_user_tables_n_tup_ins');
    const seen = inserted.map((s) => `${s.labels.datname}.${s.labels.schemaname}.${s.labels.relname}`);
    expect(seen.sort()).toEqual(['app.public.orders', 'postgres.public.items']);
    expect(inserted.find((s) => s.labels.relname === 'items')?.value).toBe(500);
    const used = samples('sequences', 'pg_sequence_used_ratio').find((s) => s.labels.sequencename === 'small_seq');
    expect(used?.value).toBeCloseTo(100 / 32767, 6);
  });

  it('keeps pg_stat_statements to one series per user, database and queryid', () => {
    const keys = samples('stat_statements', 'pg_stat_statements_calls_total').map(
      (s) => `${s.labels.user}|${s.labels.datname}|${s.labels.queryid}`,
    );
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('ranks exactly the relations of each governed statistics view, so the dropped count is exact', async () => {
    const client = new pg.Client({ connectionString: server.url(), application_name: 'pgwarden-test' });
    await client.connect();
    try {
      // Relation kinds the views include on some majors only: a partitioned table (pg_stat_user_tables from 14),
      // its partition, and a materialized view with an index.
      await client.query(`CREATE TABLE IF NOT EXISTS parted (id int) PARTITION BY RANGE (id);
        CREATE TABLE IF NOT EXISTS parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10);
        CREATE MATERIALIZED VIEW IF NOT EXISTS matview AS SELECT 1 AS x;
        CREATE INDEX IF NOT EXISTS matview_x ON matview (x)`);
      const keys = async (sql: string) => (await client.query<{ k: string }>(sql)).rows.map((r) => r.k);
      for (const [name, view] of [
        ['stat_user_tables', 'pg_stat_user_tables'],
        ['statio_user_tables', 'pg_statio_user_tables'],
        ['stat_user_indexes', 'pg_stat_user_indexes'],
        ['statio_user_indexes', 'pg_statio_user_indexes'],
      ] as const) {
        const candidates = ALL.find((d) => d.name === name)?.candidates;
        if (!candidates) throw new Error(`${name} has no candidates query`);
        const ranked = await keys(`SELECT ${candidates.key}::text AS k FROM (${candidates.query}) c ORDER BY 1`);
        expect(ranked, name).toEqual(await keys(`SELECT ${candidates.key}::text AS k FROM ${view} ORDER BY 1`));
        expect(ranked.length, name).toBeGreaterThan(1);
      }
    } finally {
      await client.end();
    }
  });
});
