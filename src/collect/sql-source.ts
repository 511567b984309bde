import type { CollectContext, Collected, Collector } from './collector.js';
import type { CollectorDefinition } from './definition.js';
import { sqlForVersion } from './definition.js';
import { governanceOf, governedQuery, governorCounts, type GovernedQuery, type GovernorCounts } from './governor.js';
import {
  governanceFor,
  lateValuesOf,
  queryForm,
  rowKey,
  totalRows,
  withLateValues,
  type LateValues,
  type QueryForm,
} from './late-cache.js';
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

/** What a governed collector remembers about one database between collections. */
interface DatabaseState {
  /** Relations counted before the cap at the last collection (chooses the query form). */
  lastTotal?: number;
  /** The late columns as last read, while late_columns_cache_seconds lasts. */
  late?: LateValues;
}

/** Runs one YAML definition; throws on SQL failure (runCollector is the error boundary). Caches per database. */
export class SqlCollector implements Collector<SqlRunContext> {
  private readonly cache = new Map<string, { until: number; families: MetricFamily[]; governor?: GovernorCounts }>();
  /** The governed SQL per server major and form, built once: the same texts every collection (prepared once each). */
  private readonly queries = new Map<string, GovernedQuery>();
  private readonly databases = new Map<string, DatabaseState>();

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
    const result = await this.read(ctx, sql);
    if (def.cache_seconds > 0) this.cache.set(ctx.database, { until: ctx.now + def.cache_seconds * 1000, ...result });
    return { kind: 'families', ...result };
  }

  private async read(
    ctx: SqlRunContext,
    sql: string,
  ): Promise<{ families: MetricFamily[]; governor?: GovernorCounts }> {
    const def = this.definition;
    let state = this.databases.get(ctx.database);
    if (!state) this.databases.set(ctx.database, (state = {}));
    const lateColumns = Object.keys(def.late_columns ?? {});
    const late = state.late && state.late.until > ctx.now ? state.late : undefined;
    const form = queryForm(def.candidates !== undefined, def.max_series, state.lastTotal);
    const query = this.query(sql, ctx.serverMajor, form, late === undefined);
    let rows = await ctx.run(query.text, def.timeout);
    const keyOf = (row: Record<string, unknown>) => rowKey(row, def.candidates?.key, def.labels);
    // Governed when its full form is wrapped: a definition governed only by late columns reads unwrapped from the cache.
    const governed = query.wrapped || this.query(sql, ctx.serverMajor, form, true).wrapped;
    let governor = governed ? governorCounts(rows) : undefined;
    if (late) {
      rows = withLateValues(rows, lateColumns, keyOf, late);
      // The sizes shown are those of the last read, and so is the count of relations whose size it skipped.
      if (governor) governor = { ...governor, skipped: late.skipped };
    } else if (lateColumns.length > 0 && def.late_columns_cache_seconds > 0) {
      state.late = lateValuesOf(rows, lateColumns, keyOf, ctx.now + def.late_columns_cache_seconds * 1000);
    }
    if (governed) state.lastTotal = totalRows(rows);
    const families = rowsToFamilies(def, rows);
    return governor ? { families, governor } : { families };
  }

  /** The governed SQL of one form, with the late columns (`withLate`) or without them (read from the cache). */
  private query(sql: string, major: number, form: QueryForm, withLate: boolean): GovernedQuery {
    const key = `${major}/${form}/${withLate}`;
    let query = this.queries.get(key);
    if (!query) {
      query = governedQuery(sql, governanceFor(governanceOf(this.definition), form, withLate));
      this.queries.set(key, query);
    }
    return query;
  }
}
