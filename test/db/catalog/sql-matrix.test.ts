// Every shipped definition's SQL, on every selected PostgreSQL major: it runs, and it returns every column its
// labels and metrics name.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrixMajors, startPostgresMajor, type MajorServer } from '../../support/postgres-major.js';

interface RawDefinition {
  name: string;
  scope: string;
  queries: Record<string, string>;
  labels: string[];
  metrics: { column: string; labels?: string[] }[];
}

const DIR = path.resolve(import.meta.dirname, '../../../collectors');
const definitions: RawDefinition[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => parse(readFileSync(path.join(DIR, file), 'utf8')) as RawDefinition);

function pick(queries: Record<string, string>, major: number): string | undefined {
  const key = Object.keys(queries)
    .map(Number)
    .filter((k) => k <= major)
    .sort((a, b) => b - a)[0];
  return key === undefined ? undefined : queries[String(key)];
}

describe.each(matrixMajors())('collector SQL on PostgreSQL %i', (major) => {
  let server: MajorServer;
  let client: pg.Client;

  beforeAll(async () => {
    server = await startPostgresMajor(major);
    client = new pg.Client({ connectionString: server.url() });
    await client.connect();
    await client.query('CREATE EXTENSION pg_stat_statements');
    await client.query('CREATE TABLE t (id serial PRIMARY KEY, v text); INSERT INTO t (v) VALUES (1), (2)');
    await client.query("SELECT pg_create_physical_replication_slot('s1', true)");
  });
  afterAll(async () => {
    await client?.end();
    await server?.stop();
  });

  it.each(definitions.map((d) => [d.name, d] as const))('%s runs and returns its columns', async (_name, def) => {
    const sql = pick(def.queries, major);
    if (sql === undefined) {
      expect(def.name).toBe('stat_checkpointer');
      expect(major).toBeLessThan(17);
      return;
    }
    const result = await client.query(sql);
    const columns = new Set(result.fields.map((f) => f.name));
    const needed = [...def.labels, ...def.metrics.flatMap((m) => [m.column, ...(m.labels ?? [])])];
    expect(needed.filter((c) => !columns.has(c))).toEqual([]);
  });
});
