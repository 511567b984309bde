// The cardinality governor and lock safety on a real server: the max_series cap keeps the largest relations and
// counts the rest, include/exclude filter in SQL, a relation under ACCESS EXCLUSIVE never stalls a scrape, and a
// missing extension is a logged notice, not a failure.
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../../src/agent/agent-config.js';
import { collectorSetup } from '../../../src/collect/collector-setup.js';
import { Sampler } from '../../../src/collect/sampler.js';
import { SqlCollector } from '../../../src/collect/sql-source.js';
import { Target } from '../../../src/collect/target.js';
import type { CollectorDefinition } from '../../../src/collect/definition.js';
import type { ResolvedTarget } from '../../../src/config/load.js';
import { createLogger, silentLogger, type Logger } from '../../../src/log.js';
import { inlineDefinition, shippedDefinitions } from '../../support/agent-parts.js';
import { targetLines, writeConfigFile } from '../../support/config-file.js';
import { parseExposition, samplesOf, type ParsedExposition } from '../../support/exposition.js';
import { adminQuery, createDatabase, testTarget } from '../../support/postgres.js';

const DATABASE = 'pgwarden_governor';
let url: string;
let sampler: Sampler | undefined;

function samplerFor(definitions: CollectorDefinition[], logger: Logger = silentLogger()): Sampler {
  sampler = new Sampler(
    new Target(testTarget('governor', url), logger),
    definitions.map((d) => new SqlCollector(d)),
    { intervalMs: 15_000, logger, databases: { include: [new RegExp(`^${DATABASE}$`)], exclude: [] } },
  );
  return sampler;
}

async function scrape(definitions: CollectorDefinition[], logger?: Logger): Promise<ParsedExposition> {
  return parseExposition((await samplerFor(definitions, logger).collect()).body.toString());
}

const value = (parsed: ParsedExposition, family: string, collector: string) =>
  samplesOf(parsed, family).find((s) => s.labels.collector === collector)?.value;

beforeAll(async () => {
  url = await createDatabase(DATABASE);
  // 1,500 tables with one index each; ten of them are made larger than the rest.
  await adminQuery(
    `DO $$ BEGIN
       FOR i IN 1..1500 LOOP
         EXECUTE format('CREATE TABLE t_%s (id int PRIMARY KEY, pad text)', lpad(i::text, 4, '0'));
       END LOOP;
       FOR i IN 1..10 LOOP
         EXECUTE format('INSERT INTO t_%s SELECT g, repeat(''x'', 200) FROM generate_series(1, 2000) g', lpad(i::text, 4, '0'));
       END LOOP;
     END $$`,
    [],
    url,
  );
  await adminQuery('ANALYZE', [], url);
}, 120_000);

afterEach(async () => {
  sampler?.stop();
  await sampler?.target.close();
  sampler = undefined;
});

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
});

describe('max_series', () => {
  it('keeps the 1,000 largest tables and indexes and counts the 500 it cut', async () => {
    const parsed = await scrape(shippedDefinitions(['stat_user_tables', 'stat_user_indexes']));
    const sizes = samplesOf(parsed, 'pg_stat_user_tables_table_size_bytes');
    expect(sizes).toHaveLength(1000);
    const kept = new Set(sizes.map((s) => s.labels.relname));
    for (let i = 1; i <= 10; i++) expect(kept.has(`t_${String(i).padStart(4, '0')}`)).toBe(true);
    expect(samplesOf(parsed, 'pg_stat_user_tables_seq_scan')).toHaveLength(1000);
    expect(samplesOf(parsed, 'pg_stat_user_indexes_size_bytes')).toHaveLength(1000);
    expect(value(parsed, 'pgwarden_collector_dropped_series', 'stat_user_tables')).toBe(500);
    expect(value(parsed, 'pgwarden_collector_dropped_series', 'stat_user_indexes')).toBe(500);
    expect(value(parsed, 'pgwarden_collector_skipped_relations', 'stat_user_tables')).toBe(0);
    expect(value(parsed, 'pg_scrape_collector_success', 'stat_user_tables')).toBe(1);
  });
});

describe('collectors.overrides', () => {
  it('caps stat_user_tables at the max_series the config gives, without copying its definition', async () => {
    const file = writeConfigFile([
      ...targetLines([['governor', url]]),
      'collectors:',
      `  databases: { include: ['^${DATABASE}$'] }`,
      '  overrides:',
      '    stat_user_tables: { max_series: 5 }',
    ]);
    const config = loadAgentConfig(file, {});
    const { collectors, options } = collectorSetup(config, silentLogger());
    const tables = collectors().filter((c) => c.name === 'stat_user_tables');
    sampler = new Sampler(new Target(config.targets[0] as ResolvedTarget, silentLogger()), tables, options);
    const parsed = parseExposition((await sampler.collect()).body.toString());
    const kept = samplesOf(parsed, 'pg_stat_user_tables_seq_scan').map((s) => s.labels.relname);
    expect(kept).toHaveLength(5);
    // The five largest: ten tables hold rows, the other 1,490 are empty.
    expect(kept.every((name) => /^t_00(0[1-9]|10)$/.test(name as string))).toBe(true);
    expect(value(parsed, 'pgwarden_collector_dropped_series', 'stat_user_tables')).toBe(1495);
    expect(value(parsed, 'pg_scrape_collector_success', 'stat_user_tables')).toBe(1);
  });
});

describe('include / exclude', () => {
  it('filters schema and relation by regex before the cap, so filtered relations are not counted as dropped', async () => {
    const shipped = shippedDefinitions(['statio_user_tables'])[0] as CollectorDefinition;
    const filtered = {
      ...shipped,
      include: { schema: '^public$', relation: '^t_0' },
      exclude: { relation: '^t_00' },
    };
    const parsed = await scrape([filtered]);
    const names = samplesOf(parsed, 'pg_statio_user_tables_heap_blocks_hit').map((s) => s.labels.relname);
    expect(names).toHaveLength(900); // t_0100 .. t_0999
    expect(names.every((n) => /^t_0[1-9]\d\d$/.test(n as string))).toBe(true);
    expect(value(parsed, 'pgwarden_collector_dropped_series', 'statio_user_tables')).toBe(0);
  });
});

describe('a table under ACCESS EXCLUSIVE lock', () => {
  let holder: pg.Client;
  beforeAll(async () => {
    holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE t_0001 IN ACCESS EXCLUSIVE MODE');
  });
  afterAll(async () => {
    await holder.query('ROLLBACK');
    await holder.end();
  });

  it('keeps its statistics, drops only its size samples, and counts it as skipped', async () => {
    const parsed = await scrape(shippedDefinitions(['stat_user_tables', 'stat_user_indexes']));
    expect(value(parsed, 'pg_scrape_collector_success', 'stat_user_tables')).toBe(1);
    expect(value(parsed, 'pg_scrape_collector_success', 'stat_user_indexes')).toBe(1);
    const of = (family: string) => samplesOf(parsed, family).filter((s) => s.labels.relname === 't_0001');
    expect(of('pg_stat_user_tables_seq_scan')).toHaveLength(1);
    expect(of('pg_stat_user_tables_table_size_bytes')).toEqual([]);
    expect(of('pg_stat_user_tables_index_size_bytes')).toEqual([]);
    expect(of('pg_stat_user_indexes_idx_scan_total')).toHaveLength(1);
    expect(of('pg_stat_user_indexes_size_bytes')).toEqual([]);
    expect(value(parsed, 'pgwarden_collector_skipped_relations', 'stat_user_tables')).toBe(1);
    expect(value(parsed, 'pgwarden_collector_skipped_relations', 'stat_user_indexes')).toBe(1);
  });
});

describe('requires_extension', () => {
  it('succeeds with no samples when the extension is missing and says so once in the log', async () => {
    const extension = inlineDefinition(`
name: needs_extension
help: needs an extension this database does not have
requires_extension: pgwarden_no_such_extension
queries: { "13": "SELECT 1 AS one" }
metrics:
  - { column: one, name: pgwarden_test_needs_extension, type: gauge, help: h }
`);
    const stream = new PassThrough();
    let logged = '';
    stream.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    const logger = createLogger({ destination: stream });
    const s = samplerFor([extension], logger);
    const first = parseExposition((await s.collect()).body.toString());
    await s.collect();
    expect(value(first, 'pg_scrape_collector_success', 'needs_extension')).toBe(1);
    expect(samplesOf(first, 'pgwarden_test_needs_extension')).toEqual([]);
    const notices = logged.split('\n').filter((line) => line.includes('pgwarden_no_such_extension is not installed'));
    expect(notices).toHaveLength(1);
  });
});
