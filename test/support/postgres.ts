import pg from 'pg';
import { inject } from 'vitest';
import { targetFromDsn, type ResolvedTarget } from '../../src/config/load.js';

/** The run's shared PostgreSQL (see global-postgres.ts). */
export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

export function testTarget(name = 'test', url = testDatabaseUrl()): ResolvedTarget {
  return targetFromDsn(url, name);
}

/** The same server's URL for another database. */
export function urlForDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs statements as the test's admin connection (not through pgwarden). */
export async function adminQuery<T extends pg.QueryResultRow = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
  url = testDatabaseUrl(),
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'pgwarden-test' });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Creates a fresh database for a suite (dropped first if a previous run left it). */
export async function createDatabase(name: string): Promise<string> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${name}"`);
  return urlForDatabase(testDatabaseUrl(), name);
}

/** Drops a login role the test created, with the privileges granted to it (GRANT CONNECT ... makes DROP ROLE fail). */
export async function dropRole(name: string): Promise<void> {
  const [exists] = await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  if (!exists) return;
  await adminQuery(`DROP OWNED BY "${name}"`);
  await adminQuery(`DROP ROLE "${name}"`);
}
