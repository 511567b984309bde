// The doctor's questions to the server: facts about the role and the server, and one read-only trial run per
// collector. The conclusions are drawn by src/collect/readiness.ts.
import type pg from 'pg';
import { sqlForVersion, type CollectorDefinition } from '../collect/definition.js';
import { governanceOf, governedQuery } from '../collect/governor.js';
import { assessCollector, type CollectorReport, type ServerFacts, type TrialRun } from '../collect/readiness.js';

const FACTS_SQL = `
SELECT current_setting('server_version_num')::int / 10000 AS major,
       current_user AS role,
       COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) AS superuser,
       pg_has_role(current_user, 'pg_monitor', 'MEMBER') AS pg_monitor,
       pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS read_all_stats,
       (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS shared_preload_libraries,
       current_setting('track_io_timing')::bool AS track_io_timing,
       ARRAY(SELECT extname::text FROM pg_extension) AS installed,
       ARRAY(SELECT name::text FROM pg_available_extensions) AS available,
       ARRAY(SELECT datname::text FROM pg_database
             WHERE datallowconn AND NOT datistemplate AND NOT has_database_privilege(datname, 'CONNECT')) AS unreachable`;

interface FactsRow {
  major: number;
  role: string;
  superuser: boolean;
  pg_monitor: boolean;
  read_all_stats: boolean;
  /** NULL when the role may not read it (pg_read_all_settings, part of pg_monitor). */
  shared_preload_libraries: string | null;
  track_io_timing: boolean;
  installed: string[];
  available: string[];
  unreachable: string[];
}

export async function readFacts(client: pg.ClientBase): Promise<ServerFacts> {
  const row = (await client.query<FactsRow>(FACTS_SQL)).rows[0];
  if (!row) throw new Error('the server returned no row for the facts query');
  return {
    major: row.major,
    role: row.role,
    superuser: row.superuser,
    pgMonitor: row.pg_monitor,
    readAllStats: row.read_all_stats,
    sharedPreloadLibraries:
      row.shared_preload_libraries === null
        ? null
        : row.shared_preload_libraries
            .split(',')
            .map((s) => s.trim().replace(/^"|"$/g, ''))
            .filter(Boolean),
    installedExtensions: row.installed,
    availableExtensions: row.available,
    trackIoTiming: row.track_io_timing,
    unreachableDatabases: row.unreachable,
  };
}

/**
 * Runs the query read-only, bounded by timeouts. A trial that worked ends with COMMIT, not ROLLBACK: a read-only
 * transaction commits nothing, and every ROLLBACK counts in pg_stat_database.xact_rollback, which the shipped
 * PostgresHighRollbackRate alerts on (31 per doctor run fired it). Only a failed trial rolls back (the server
 * counts it as aborted either way).
 */
export async function tryQuery(client: pg.ClientBase, sql: string): Promise<TrialRun> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query("SET LOCAL statement_timeout = '10s'");
    await client.query("SET LOCAL lock_timeout = '1s'");
    await client.query(sql);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    await client.query('ROLLBACK');
    return { ok: false, code, message };
  }
  await client.query('COMMIT');
  return { ok: true };
}

/** Tries every definition once in the connected database; `enabled` says which ones the configuration runs. */
export async function diagnose(
  client: pg.ClientBase,
  definitions: readonly CollectorDefinition[],
  enabled: ReadonlySet<string>,
): Promise<{ facts: ServerFacts; reports: CollectorReport[] }> {
  const facts = await readFacts(client);
  const reports: CollectorReport[] = [];
  for (const def of definitions) {
    const sql = sqlForVersion(def.queries, facts.major);
    const extension = def.requires_extension ?? undefined;
    const runnable = sql !== undefined && (!extension || facts.installedExtensions.includes(extension));
    // The same SQL the agent runs: with the cap, filters and late columns (relation sizes) applied.
    const governed = runnable ? governedQuery(sql, governanceOf(def)) : undefined;
    const trial = governed ? await tryQuery(client, governed.text) : undefined;
    const info = {
      name: def.name,
      enabled: enabled.has(def.name),
      scope: def.scope,
      requiresExtension: extension,
      supported: sql !== undefined,
    };
    reports.push(assessCollector(info, facts, trial));
  }
  return { facts, reports };
}
