import type pg from 'pg';
import type { CollectorOutcome } from './collector.js';
import { failedOutcome, runCollectors } from './run-collector.js';
import type { SqlCollector, SqlRunContext } from './sql-source.js';
import { runStatement } from './prepared.js';
import { describeError, queryWithTimeout, type Target } from './target.js';

export type { CollectorOutcome } from './collector.js';

export interface DatabaseFilter {
  readonly include: ReadonlyArray<{ test(name: string): boolean }>;
  readonly exclude: ReadonlyArray<{ test(name: string): boolean }>;
}

/**
 * Pure: the order of the visits. The databases whose connections are still open from the last collection go first
 * (in name order), so that with more databases than kept connections each collection still reuses the warm backends
 * before it replaces one.
 */
export function visitOrder(names: readonly string[], warm: readonly string[]): string[] {
  return [...names.filter((n) => warm.includes(n)), ...names.filter((n) => !warm.includes(n))];
}

/** Pure: which discovered databases per-database collectors visit. */
export function filterDatabases(names: readonly string[], filter: DatabaseFilter): string[] {
  return names.filter(
    (name) =>
      (filter.include.length === 0 || filter.include.some((re) => re.test(name))) &&
      !filter.exclude.some((re) => re.test(name)),
  );
}

// Databases the role may not CONNECT to are left out (pgwarden doctor lists them) rather than failing every scrape.
const DISCOVER_SQL = `SELECT datname FROM pg_database
  WHERE datallowconn AND NOT datistemplate AND has_database_privilege(oid, 'CONNECT') ORDER BY datname`;

function extensionChecker(run: SqlRunContext['run']): SqlRunContext['hasExtension'] {
  const known = new Map<string, Promise<boolean>>();
  return (name) => {
    let answer = known.get(name);
    if (!answer) {
      const sql = `SELECT 1 FROM pg_extension WHERE extname = '${name.replace(/'/g, "''")}'`;
      answer = run(sql).then((rows) => rows.length > 0);
      known.set(name, answer);
    }
    return answer;
  };
}

function clientRunner(client: pg.ClientBase, config: Target['config']): SqlRunContext['run'] {
  const prepare = config.preparedStatements;
  return async (sql, timeoutMs) =>
    timeoutMs === undefined || timeoutMs === config.statementTimeoutMs
      ? runStatement(client, sql, prepare)
      : queryWithTimeout(client, sql, timeoutMs, prepare);
}

function sumGovernor(
  a: CollectorOutcome,
  b: CollectorOutcome,
): Pick<CollectorOutcome, 'droppedSeries' | 'skippedRelations'> {
  if (a.droppedSeries === undefined && b.droppedSeries === undefined) return {};
  return {
    droppedSeries: (a.droppedSeries ?? 0) + (b.droppedSeries ?? 0),
    skippedRelations: (a.skippedRelations ?? 0) + (b.skippedRelations ?? 0),
  };
}

/** Per-database outcomes of one collector across databases are folded into one: it succeeds if every database did. */
function foldByCollector(outcomes: readonly CollectorOutcome[]): CollectorOutcome[] {
  const byName = new Map<string, CollectorOutcome>();
  for (const o of outcomes) {
    const seen = byName.get(o.collector);
    if (!seen) {
      byName.set(o.collector, o);
      continue;
    }
    byName.set(o.collector, {
      collector: o.collector,
      success: seen.success && o.success,
      durationSeconds: seen.durationSeconds + o.durationSeconds,
      ...((seen.error ?? o.error) ? { error: seen.error ?? o.error } : {}),
      ...(seen.skipped && o.skipped ? { skipped: seen.skipped } : {}),
      ...((seen.notice ?? o.notice) ? { notice: seen.notice ?? o.notice } : {}),
      ...sumGovernor(seen, o),
      families: [...seen.families, ...o.families],
    });
  }
  return [...byName.values()];
}

/**
 * Runs the server-scope collectors on the target's pool, then the per-database ones in every discovered database
 * (on the pool for its own database, on one kept connection per database at a time for the others).
 */
export async function collectTarget(
  target: Target,
  serverCollectors: readonly SqlCollector[],
  databaseCollectors: readonly SqlCollector[],
  filter: DatabaseFilter,
  now: number,
): Promise<CollectorOutcome[]> {
  const major = target.serverMajor ?? 0;
  const poolRun: SqlRunContext['run'] = (sql, timeoutMs) => target.query(sql, timeoutMs);
  const home = target.database ?? '';
  const homeCtx: SqlRunContext = {
    run: poolRun,
    serverMajor: major,
    database: home,
    hasExtension: extensionChecker(poolRun),
    now,
  };
  const outcomes = await runCollectors(serverCollectors, homeCtx, home);
  if (databaseCollectors.length === 0) return outcomes;
  const names = filterDatabases(
    (await target.query(DISCOVER_SQL)).map((r) => String(r.datname)),
    filter,
  );
  const byDatabase = new Map<string, CollectorOutcome[]>();
  for (const database of visitOrder(names, target.warmDatabases)) {
    if (database === home) {
      byDatabase.set(database, await runCollectors(databaseCollectors, homeCtx, home));
      continue;
    }
    try {
      await target.inDatabase(database, async (client) => {
        const run = clientRunner(client, target.config);
        const ctx: SqlRunContext = { run, serverMajor: major, database, hasExtension: extensionChecker(run), now };
        byDatabase.set(database, await runCollectors(databaseCollectors, ctx, database));
      });
    } catch (e) {
      // A database that refuses connections (dropped meanwhile, no CONNECT grant) fails its collectors, not the scrape.
      const error = describeError(e);
      byDatabase.set(
        database,
        databaseCollectors.map((c) => failedOutcome(c.name, error, database)),
      );
    }
  }
  // Folded in name order whatever the visit order, so the exposition lists the databases the same way every time.
  return [...outcomes, ...foldByCollector(names.flatMap((name) => byDatabase.get(name) ?? []))];
}
