import type { CollectContext, Collected, Collector } from './collector.js';
import type { CollectorDefinition } from './definition.js';
import { sqlForVersion } from './definition.js';
import { governanceOf, governedQuery, governorCounts, type GovernedQuery, type GovernorCounts } from './governor.js';
import type { MetricFamily } from './model.js';
import { rowsToFamilies } from './row-mapping.js';

export type RunQuery = (sql: string, timeoutMs?: number) => Promise<Record<string, unknown>[]>;

export interface SqlRunContext extends CollectContext {
  readonly run: RunQuery;
  readonly serverMajor: number;
  /** The connected database, used as the cache key of per-database collectors. */
  readonly database: string;
  readonly hasExtension: (name: string) => Promise<boolean>;
  readonly now: number;
}

/** Runs one YAML definition; throws on SQL failure (runCollector is the error boundary). Caches per database. */
export class SqlCollector implements Collector<SqlRunContext> {
  private readonly cache = new Map<string, { until: number; families: MetricFamily[]; governor?: GovernorCounts }>();
  /** The governed SQL per server major, built once: the same text every collection (and one prepared statement). */
  private readonly queries = new Map<number, GovernedQuery>();

  constructor(readonly definition: CollectorDefinition) {}

  get name(): string {
    return this.definition.name;
  }

  async collect(ctx: SqlRunContext): Promise<Collected> {
    const def = this.definition;
    const sql = sqlForVersion(def.queries, ctx.serverMajor);
    if (sql === undefined) return { kind: 'skipped', reason: `no query for PostgreSQL ${ctx.serverMajor}` };
    if (def.requires_extension && !(await ctx.hasExtension(def.requires_extension))) {
      // Not a failure: the collector succeeds with nothing, and the sampler logs the notice once.
      const notice = `extension ${def.requires_extension} is not installed in ${ctx.database}: collector emits nothing`;
      return { kind: 'families', families: [], notice };
    }
    const cached = this.cache.get(ctx.database);
    if (cached && cached.until > ctx.now) {
      const { families, governor } = cached;
      return { kind: 'families', families, ...(governor ? { governor } : {}) };
    }
    let query = this.queries.get(ctx.serverMajor);
    if (!query) {
      query = governedQuery(sql, governanceOf(def));
      this.queries.set(ctx.serverMajor, query);
    }
    const rows = await ctx.run(query.text, def.timeout);
    const families = rowsToFamilies(def, rows);
    const governor = query.wrapped ? governorCounts(rows) : undefined;
    const result = governor ? { families, governor } : { families };
    if (def.cache_seconds > 0) this.cache.set(ctx.database, { until: ctx.now + def.cache_seconds * 1000, ...result });
    return { kind: 'families', ...result };
  }
}
