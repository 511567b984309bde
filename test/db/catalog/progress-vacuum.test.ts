// stat_progress_vacuum while a VACUUM is really running (slowed down by cost-based delay): one 1 among the seven
// phase series, and each progress family once per vacuum.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sampler } from '../../../src/collect/sampler.js';
import { makeSampler, shippedDefinitions } from '../../support/agent-parts.js';
import { parseExposition, samplesOf, type ParsedExposition } from '../../support/exposition.js';
import { adminQuery, createDatabase, testTarget } from '../../support/postgres.js';

describe('stat_progress_vacuum during a VACUUM', () => {
  let url: string;
  let vacuumer: pg.Client;
  let vacuuming: Promise<unknown>;
  let sampler: Sampler;
  let parsed: ParsedExposition;

  beforeAll(async () => {
    url = await createDatabase('pgwarden_vacuum');
    await adminQuery(
      'CREATE TABLE churn AS SELECT g AS id, repeat(md5(g::text), 4) AS pad FROM generate_series(1, 50000) g',
      [],
      url,
    );
    await adminQuery('DELETE FROM churn WHERE id % 2 = 0', [], url);
    vacuumer = new pg.Client({ connectionString: url });
    vacuumer.on('error', () => undefined);
    await vacuumer.connect();
    await vacuumer.query("SET vacuum_cost_delay = '100ms'");
    await vacuumer.query('SET vacuum_cost_limit = 1');
    vacuuming = vacuumer.query('VACUUM churn').catch(() => undefined);
    for (let attempt = 0; attempt < 200; attempt++) {
      const rows = await adminQuery<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_progress_vacuum', [], url);
      if (rows[0]?.n === 1) break;
      await adminQuery('SELECT pg_sleep(0.05)', [], url);
    }
    sampler = makeSampler(testTarget('vacuum', url), shippedDefinitions(['stat_progress_vacuum']));
    parsed = parseExposition((await sampler.collect()).body.toString());
  });

  afterAll(async () => {
    await adminQuery(
      "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'VACUUM churn' AND pid <> pg_backend_pid()",
      [],
      url,
    );
    await vacuuming;
    await vacuumer?.end();
    await sampler?.target.close();
    await adminQuery('DROP DATABASE IF EXISTS pgwarden_vacuum WITH (FORCE)');
  });

  it('exports the seven phases with exactly one active', () => {
    const phases = samplesOf(parsed, 'pg_stat_progress_vacuum_phase').filter((s) => s.labels.relname === 'churn');
    expect(phases.map((s) => s.labels.phase).sort()).toEqual(
      [
        'cleaning up indexes',
        'initializing',
        'performing final cleanup',
        'scanning heap',
        'truncating heap',
        'vacuuming heap',
        'vacuuming indexes',
      ].sort(),
    );
    expect(phases.filter((s) => s.value === 1)).toHaveLength(1);
    expect(phases[0]?.labels.datname).toBe('pgwarden_vacuum');
  });

  it('exports each progress family once for the vacuum, labelled datname and relname', () => {
    for (const family of [
      'pg_stat_progress_vacuum_heap_blks',
      'pg_stat_progress_vacuum_heap_blks_scanned',
      'pg_stat_progress_vacuum_heap_blks_vacuumed',
      'pg_stat_progress_vacuum_index_vacuums',
      'pg_stat_progress_vacuum_max_dead_tuples',
      'pg_stat_progress_vacuum_num_dead_tuples',
    ]) {
      const ours = samplesOf(parsed, family).filter((s) => s.labels.datname === 'pgwarden_vacuum');
      expect(ours.map((s) => s.labels)).toEqual([{ datname: 'pgwarden_vacuum', relname: 'churn' }]);
    }
    const total = samplesOf(parsed, 'pg_stat_progress_vacuum_heap_blks').find((s) => s.labels.relname === 'churn');
    expect(total?.value).toBeGreaterThan(0);
  });
});
