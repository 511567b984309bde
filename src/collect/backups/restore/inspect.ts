// After the restore: ANALYZE, count tables and rows, the .meta's row counts, and the user's checks, in the scratch
// database only, each statement under the drill's statement timeout.
import type pg from 'pg';
import type { RestoreCheck } from './config.js';
import type { CheckResult, Inspection } from './model.js';

const TABLES = `
  SELECT count(*)::int AS tables, coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 AS rows
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'`;

/** `schema.table` or `table` as a quoted identifier; the name is the user's or the .meta's, never trusted as SQL. */
export function quotedTable(client: pg.ClientBase, name: string): string {
  const dot = name.indexOf('.');
  return dot < 0
    ? client.escapeIdentifier(name)
    : `${client.escapeIdentifier(name.slice(0, dot))}.${client.escapeIdentifier(name.slice(dot + 1))}`;
}

async function countRows(client: pg.ClientBase, table: string): Promise<number> {
  const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quotedTable(client, table)}`);
  return Number(result.rows[0]!.n);
}

function errorText(error: unknown): string {
  return String((error as Error)?.message ?? error).slice(0, 300);
}

async function runCheck(client: pg.ClientBase, check: RestoreCheck): Promise<CheckResult> {
  const name = check.table !== undefined ? `table ${check.table}` : check.sql!;
  try {
    let value: number | null;
    if (check.table !== undefined) value = await countRows(client, check.table);
    else {
      // In a read-only transaction rolled back after: a check must not change what later checks see.
      await client.query('BEGIN READ ONLY');
      try {
        const result = await client.query({ text: check.sql!, rowMode: 'array' });
        const first = (result.rows[0] as unknown[] | undefined)?.[0];
        value = first === null || first === undefined || Number.isNaN(Number(first)) ? null : Number(first);
      } finally {
        await client.query('ROLLBACK');
      }
    }
    return { name, value, min: check.min };
  } catch (error) {
    return { name, value: null, min: check.min, error: errorText(error) };
  }
}

export async function inspectRestored(
  client: pg.ClientBase,
  metaRows: Readonly<Record<string, number>>,
  checks: readonly RestoreCheck[],
): Promise<Inspection> {
  let analyzed = true;
  await client.query('ANALYZE').catch(() => (analyzed = false));
  const counts = await client.query<{ tables: number; rows: number }>(TABLES);
  const tableRows: Record<string, number | null> = {};
  for (const table of Object.keys(metaRows)) tableRows[table] = await countRows(client, table).catch(() => null);
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runCheck(client, check));
  return {
    tables: counts.rows[0]!.tables,
    rows: Math.round(counts.rows[0]!.rows),
    tableRows,
    checks: results,
    analyzed,
  };
}
