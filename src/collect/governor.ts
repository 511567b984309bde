// Cardinality governor: wraps a collector's SQL so that PostgreSQL itself filters relations by schema/relation regex,
// keeps the largest N rows and counts what was cut, before any row crosses the wire. Pure: builds SQL text. Patterns
// are inlined as escaped literals (the collectors' query runner takes no parameters); they come from definition files,
// which are trusted like the SQL beside them.
import pg from 'pg';
import type { CollectorDefinition } from './definition.js';
import type { MetricFamily } from './model.js';

/** POSIX regular expressions (PostgreSQL `~` syntax) matched against the `schemaname` and `relname` columns. */
export interface RelationFilter {
  readonly schema?: string | undefined;
  readonly relation?: string | undefined;
}

export interface Governance {
  /** Keep at most this many rows (each row becomes one series per metric); the largest by `orderBy` win. */
  readonly maxSeries?: number | undefined;
  /** The column to rank rows by, descending, NULLs last. Required with `maxSeries`. */
  readonly orderBy?: string | undefined;
  readonly include?: RelationFilter | undefined;
  readonly exclude?: RelationFilter | undefined;
  /**
   * Columns computed only for the rows that survive the filters and the cap: name → SQL expression over the query's
   * output columns. Expensive per-row work (relation sizes) goes here, so a cap of 1,000 reads 1,000 sizes, not all.
   */
  readonly lateColumns?: Readonly<Record<string, string>> | undefined;
  /**
   * With `maxSeries`: a query over the catalogs alone returning `key`, `schemaname`, `relname` and `orderBy`. The
   * filters and the cap run on it, and the collector's query reads only the kept keys' rows (PostgreSQL pushes
   * `key = ANY(...)` into the statistics views), instead of computing statistics for every relation and discarding
   * most: at 10,000 tables the four table and index collectors' SQL went from 338 to 152 ms.
   */
  readonly candidates?: { readonly key: string; readonly query: string } | undefined;
}

/** A definition's governance keys (max_series, order_by, include, exclude, late_columns). */
export function governanceOf(def: CollectorDefinition): Governance {
  return {
    maxSeries: def.max_series,
    orderBy: def.order_by,
    include: def.include,
    exclude: def.exclude,
    lateColumns: def.late_columns,
    candidates: def.candidates,
  };
}

/** Output columns the wrapper adds; the source reads them from the first row and never turns them into labels. */
export const TOTAL_ROWS_COLUMN = 'pgwarden_total_rows';
export const SKIPPED_TOTAL_COLUMN = 'pgwarden_skipped_total';
/** A query may return this column (1 = this relation's size was skipped because of a lock) to have it counted. */
export const SKIPPED_COLUMN = 'pgwarden_skipped';

export interface GovernedQuery {
  readonly text: string;
  /** Whether the text was wrapped (then the reserved columns are present in every row). */
  readonly wrapped: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function quoteIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} must be a plain lower-case column name, got "${name}"`);
  return `"${name}"`;
}

export function countsSkipped(sql: string): boolean {
  return new RegExp(`\\b${SKIPPED_COLUMN}\\b`).test(sql);
}

function needsWrapping(sql: string, governance: Governance): boolean {
  const { include, exclude, maxSeries, lateColumns } = governance;
  return (
    maxSeries !== undefined ||
    Object.keys(lateColumns ?? {}).length > 0 ||
    countsSkipped(sql) ||
    Boolean(include?.schema || include?.relation || exclude?.schema || exclude?.relation)
  );
}

/**
 * Returns the SQL to run (with `candidates`, see rankFirst). The window functions run after the WHERE (so filtered-out relations are neither kept nor
 * counted as dropped) and before the LIMIT (so the total includes what the cap cuts); late columns are evaluated
 * above the LIMIT (a subquery with LIMIT is never flattened), so only for the kept rows.
 */
export function governedQuery(sql: string, governance: Governance): GovernedQuery {
  if (!needsWrapping(sql, governance)) return { text: sql, wrapped: false };
  const body = withoutSemicolon(sql);
  const skipped = countsSkipped(sql) ? `sum(q.${SKIPPED_COLUMN}) OVER ()` : '0';
  const late = Object.entries(governance.lateColumns ?? {})
    .map(([name, expression]) => `, (${expression}) AS ${quoteIdentifier(name, 'a late column')}`)
    .join('');
  if (governance.maxSeries !== undefined && governance.candidates) {
    return { text: rankFirst(body, governance, skipped, late), wrapped: true };
  }
  const conditions = filterConditions(governance, 'q');
  const inner =
    `SELECT q.*, count(*) OVER () AS ${TOTAL_ROWS_COLUMN}, ${skipped} AS ${SKIPPED_TOTAL_COLUMN}\n` +
    `FROM (\n${body}\n) q` +
    (conditions.length > 0 ? `\nWHERE ${conditions.join(' AND ')}` : '');
  let capped = `SELECT * FROM (\n${inner}\n) w`;
  if (governance.maxSeries !== undefined)
    capped += `\nORDER BY w.${rankColumn(governance)} DESC NULLS LAST\nLIMIT ${cap(governance)}`;
  return { text: `SELECT g.*${late} FROM (\n${capped}\n) g`, wrapped: true };
}

const withoutSemicolon = (sql: string) => sql.trim().replace(/;\s*$/, '');

/** The include/exclude regexes as SQL conditions on `alias`'s schemaname and relname. */
function filterConditions(governance: Governance, alias: string): string[] {
  const conditions: string[] = [];
  const match = (column: string, operator: '~' | '!~', pattern: string | undefined) => {
    if (pattern) conditions.push(`${alias}.${column} ${operator} ${pg.escapeLiteral(pattern).trim()}`);
  };
  match('schemaname', '~', governance.include?.schema);
  match('relname', '~', governance.include?.relation);
  match('schemaname', '!~', governance.exclude?.schema);
  match('relname', '!~', governance.exclude?.relation);
  return conditions;
}

function rankColumn(governance: Governance): string {
  if (!governance.orderBy) throw new Error('max_series needs order_by');
  return quoteIdentifier(governance.orderBy, 'order_by');
}

function cap(governance: Governance): number {
  const max = governance.maxSeries;
  if (max === undefined || !Number.isInteger(max) || max < 0) {
    throw new Error(`max_series must be a non-negative integer, got ${max}`);
  }
  return max;
}

/**
 * The cap first: the candidates are filtered, counted and cut in a materialized CTE; the collector's query then reads
 * only the kept keys (an ARRAY of a subquery is an init plan, so its `= ANY` reaches the statistics views' scans).
 */
function rankFirst(body: string, governance: Governance, skipped: string, late: string): string {
  const { key: rawKey, query } = governance.candidates as { key: string; query: string };
  const key = quoteIdentifier(rawKey, 'candidates.key');
  const rank = rankColumn(governance);
  const conditions = filterConditions(governance, 'k');
  const kept =
    `WITH pgwarden_kept AS MATERIALIZED (\nSELECT k.${key}, count(*) OVER () AS pgwarden_candidates\n` +
    `FROM (\n${withoutSemicolon(query)}\n) k` +
    (conditions.length > 0 ? `\nWHERE ${conditions.join(' AND ')}` : '') +
    `\nORDER BY k.${rank} DESC NULLS LAST\nLIMIT ${cap(governance)}\n)`;
  const rows =
    `SELECT q.*, (SELECT max(pgwarden_candidates) FROM pgwarden_kept) AS ${TOTAL_ROWS_COLUMN}, ` +
    `${skipped} AS ${SKIPPED_TOTAL_COLUMN}\nFROM (\n${body}\n) q\n` +
    `WHERE q.${key} = ANY (ARRAY(SELECT ${key} FROM pgwarden_kept))`;
  return `${kept}\nSELECT g.*${late} FROM (\n${rows}\n) g\nORDER BY g.${rank} DESC NULLS LAST`;
}

export interface GovernorCounts {
  /** Rows the cap cut off (0 when nothing was cut). */
  readonly dropped: number;
  /** Relations whose size was skipped because an ACCESS EXCLUSIVE lock was held or awaited. */
  readonly skipped: number;
}

/** Reads the counts the wrapper computed; an empty result has nothing dropped or skipped. */
export function governorCounts(rows: readonly Record<string, unknown>[]): GovernorCounts {
  const first = rows[0];
  if (!first || !(TOTAL_ROWS_COLUMN in first)) return { dropped: 0, skipped: 0 };
  const total = Number(first[TOTAL_ROWS_COLUMN]);
  const skipped = Number(first[SKIPPED_TOTAL_COLUMN] ?? 0);
  return { dropped: Math.max(0, total - rows.length), skipped: Number.isFinite(skipped) ? skipped : 0 };
}

/** What the sampler knows per collector after folding databases (see CollectorOutcome). */
export interface GovernedOutcome {
  readonly collector: string;
  readonly droppedSeries?: number | undefined;
  readonly skippedRelations?: number | undefined;
}

/** pgwarden_collector_dropped_series / _skipped_relations for the collectors with a cardinality governor. */
export function governorFamilies(outcomes: readonly GovernedOutcome[]): MetricFamily[] {
  const governed = outcomes.filter((o) => o.droppedSeries !== undefined);
  if (governed.length === 0) return [];
  return [
    {
      name: 'pgwarden_collector_dropped_series',
      type: 'gauge',
      help: 'Rows a collector left out in the last collection because of its max_series cap (summed over databases).',
      samples: governed.map((o) => ({ labels: { collector: o.collector }, value: o.droppedSeries ?? 0 })),
    },
    {
      name: 'pgwarden_collector_skipped_relations',
      type: 'gauge',
      help: 'Relations whose size was not read in the last collection because an ACCESS EXCLUSIVE lock was held or awaited.',
      samples: governed.map((o) => ({ labels: { collector: o.collector }, value: o.skippedRelations ?? 0 })),
    },
  ];
}
