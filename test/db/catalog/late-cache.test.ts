// The table and index collectors' cheaper path on a real database: after a first collection that ranks the catalog
// and reads sizes, the next ones send one plain statement without size functions and fill the sizes from the last
// read; the families and values are those of the full statement, a table locked meanwhile does not hold them up, and
// the sizes are read again once late_columns_cache_seconds has passed.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOverrides } from '../../../src/collect/collector-overrides.js';
import type { CollectorDefinition } from '../../../src/collect/definition.js';
import type { MetricFamily } from '../../../src/collect/model.js';
import { SqlCollector, type SqlRunContext } from '../../../src/collect/sql-source.js';
import { Target } from '../../../src/collect/target.js';
import { silentLogger } from '../../../src/log.js';
import { shippedDefinitions } from '../../support/agent-parts.js';
import { adminQuery, createDatabase, testTarget } from '../../support/postgres.js';

const DATABASE = 'pgwarden_late_cache';
const TABLES = 20;
const NAMES = ['stat_user_tables', 'stat_user_indexes', 'statio_user_tables', 'statio_user_indexes'];
let url: string;
let target: Target;
let major: number;

beforeAll(async () => {
  url = await createDatabase(DATABASE);
  await adminQuery(
    `DO $$ BEGIN FOR i IN 1..${TABLES} LOOP
       EXECUTE format('CREATE TABLE t_%s (id int PRIMARY KEY, v text, n int)', lpad(i::text, 2, '0'));
       EXECUTE format('CREATE INDEX ON t_%s (n)', lpad(i::text, 2, '0'));
       EXECUTE format('INSERT INTO t_%s SELECT g, repeat(''x'', 300), g FROM generate_series(1, %s) g',
         lpad(i::text, 2, '0'), i * 50);
     END LOOP; END $$`,
    [],
    url,
  );
  await adminQuery('ANALYZE', [], url);
  target = new Target(testTarget('late-cache', url), silentLogger());
  await target.probe();
  major = target.serverMajor ?? 0;
}, 60_000);

afterAll(async () => {
  await target.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
});

/** One collection of `collector` at `now`, with the SQL texts it sent. */
async function collect(
  collector: SqlCollector,
  now: number,
): Promise<{ families: readonly MetricFamily[]; sent: string[]; dropped?: number | undefined }> {
  const sent: string[] = [];
  const ctx: SqlRunContext = {
    run: (sql, timeoutMs) => {
      sent.push(sql);
      return target.query(sql, timeoutMs);
    },
    serverMajor: major,
    database: DATABASE,
    hasExtension: () => Promise.resolve(true),
    now,
  };
  const collected = await collector.collect(ctx);
  if (collected.kind !== 'families') throw new Error(`${collector.name} skipped: ${collected.reason}`);
  return { families: collected.families, sent, dropped: collected.governor?.dropped };
}

/** Every sample as `family{labels} value`, sorted: the comparison ignores only the order. */
const lines = (families: readonly MetricFamily[]) =>
  families
    .flatMap((f) => f.samples.map((s) => `${f.name}${JSON.stringify(Object.entries(s.labels).sort())} ${s.value}`))
    .sort();

/** The definition as it was before the cache: sizes read by every collection (and a fresh collector: ranked first). */
const sizesEveryTime = (def: CollectorDefinition) => withOverrides(def, { late_columns_cache_seconds: 0 });

describe('the table and index collectors under the cap', () => {
  const t0 = Date.parse('2026-12-04T00:00:00Z');

  it('send one plain statement without size functions after the first, with the same families and values', async () => {
    for (const def of shippedDefinitions(NAMES)) {
      const cached = new SqlCollector(def);
      const first = await collect(cached, t0);
      expect(first.sent.join('\n'), def.name).toContain('pgwarden_kept'); // ranked: the count is not known yet
      const second = await collect(cached, t0 + 15_000);
      expect(second.sent.join('\n'), def.name).not.toContain('pgwarden_kept');
      expect(second.sent.join('\n'), def.name).not.toMatch(/pg_(table|indexes|relation)_size/);
      const reference = await collect(new SqlCollector(sizesEveryTime(def)), t0 + 15_000);
      expect(reference.sent.join('\n'), def.name).toContain('pgwarden_kept');
      expect(lines(second.families), def.name).toEqual(lines(reference.families));
      expect(lines(second.families).length, def.name).toBeGreaterThanOrEqual(TABLES * 4);
    }
  });

  it('keep serving the sizes read last while a table is locked, and read them again after 60 s', async () => {
    const [tables] = shippedDefinitions(['stat_user_tables']);
    const collector = new SqlCollector(tables as CollectorDefinition);
    await collect(collector, t0);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE t_20 IN ACCESS EXCLUSIVE MODE');
      const size = (families: readonly MetricFamily[]) =>
        families
          .find((f) => f.name === 'pg_stat_user_tables_table_size_bytes')
          ?.samples.find((s) => s.labels.relname === 't_20')?.value;
      const cached = await collect(collector, t0 + 30_000);
      expect(size(cached.families)).toBeGreaterThan(8192);
      // 60 s after the first read, sizes are read again: the locked table's is skipped, not waited for.
      const refreshed = await collect(collector, t0 + 60_000);
      expect(refreshed.sent.join('\n')).toContain('pg_table_size');
      expect(size(refreshed.families)).toBeUndefined();
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  it('a table created after the sizes were read has its counters at once and its sizes at the next read', async () => {
    const [tables] = shippedDefinitions(['stat_user_tables']);
    const collector = new SqlCollector(tables as CollectorDefinition);
    await collect(collector, t0);
    await adminQuery('CREATE TABLE late_comer (id int PRIMARY KEY)', [], url);
    try {
      const of = (families: readonly MetricFamily[], name: string) =>
        families.find((f) => f.name === name)?.samples.filter((s) => s.labels.relname === 'late_comer') ?? [];
      const cached = await collect(collector, t0 + 15_000);
      expect(of(cached.families, 'pg_stat_user_tables_seq_scan')).toHaveLength(1);
      expect(of(cached.families, 'pg_stat_user_tables_table_size_bytes')).toEqual([]);
      const refreshed = await collect(collector, t0 + 75_000);
      expect(of(refreshed.families, 'pg_stat_user_tables_table_size_bytes')).toHaveLength(1);
    } finally {
      await adminQuery('DROP TABLE late_comer', [], url);
    }
  });
});

describe('above the cap', () => {
  it('keeps ranking the catalog first and counts what it cut', async () => {
    const [tables] = shippedDefinitions(['stat_user_tables']);
    const collector = new SqlCollector(withOverrides(tables as CollectorDefinition, { max_series: 5 }));
    await collect(collector, 0);
    const second = await collect(collector, 15_000);
    expect(second.sent.join('\n')).toContain('pgwarden_kept');
    const kept = second.families.find((f) => f.name === 'pg_stat_user_tables_seq_scan')?.samples ?? [];
    expect(kept.map((s) => s.labels.relname).sort()).toEqual(['t_16', 't_17', 't_18', 't_19', 't_20']);
    expect(second.dropped).toBe(TABLES - 5);
  });
});
