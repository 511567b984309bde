// What a governed collector sends in one database, and the late columns (relation sizes) it keeps between reads.
// Pure: the decisions are functions of the last collection in that database, tested by tables
// (test/unit/collect/late-cache.test.ts); sql-source.ts does the I/O.
import { SKIPPED_TOTAL_COLUMN, TOTAL_ROWS_COLUMN, type Governance } from './governor.js';

type Row = Record<string, unknown>;

/**
 * `ranked`: the candidates query ranks the catalog and the statistics are read for the kept relations only (the cap
 * first). `plain`: the statistics of every relation, ranked and cut in the same statement. Both return the same rows;
 * the ranking step pays only when the cap cuts: at 3 × 200 tables it made the index collectors cost twice
 * postgres_exporter's per-index queries, at 10,000 tables it halved the table and index collectors' SQL
 * (docs/benchmarks.md).
 */
export type QueryForm = 'ranked' | 'plain';

/**
 * Ranked when the definition has candidates and the database's last count of relations (before the cap) is unknown
 * or above the cap; plain when the last collection there found no more than the cap. A database that grows past the
 * cap is still cut right by the plain form (it ranks and limits too), and gets the ranked form from its next
 * collection on.
 */
export function queryForm(hasCandidates: boolean, maxSeries: number | undefined, lastTotal: number | undefined) {
  if (!hasCandidates || maxSeries === undefined) return 'plain' as const;
  return lastTotal !== undefined && lastTotal <= maxSeries ? ('plain' as const) : ('ranked' as const);
}

/** The governance of one form, with the late columns (`withLate`) or without them (their values kept from a read). */
export function governanceFor(governance: Governance, form: QueryForm, withLate: boolean): Governance {
  return {
    ...governance,
    ...(form === 'plain' ? { candidates: undefined } : {}),
    ...(withLate ? {} : { lateColumns: undefined }),
  };
}

/** The relations counted before the cap, from a governed result (no rows: none). */
export function totalRows(rows: readonly Row[]): number {
  const first = rows[0];
  return first ? Number(first[TOTAL_ROWS_COLUMN] ?? rows.length) : 0;
}

/** Late column values read at one moment in one database, by row key, with the relations skipped then (locks). */
export interface LateValues {
  readonly until: number;
  readonly byKey: ReadonlyMap<string, Row>;
  readonly skipped: number;
}

/**
 * A row's identity across collections: the candidates' key column (an oid: a table dropped and created again under
 * its name is another) or, without one in the row, its label values.
 */
export function rowKey(row: Row, key: string | undefined, labels: readonly string[]): string {
  if (key !== undefined && row[key] !== undefined) return String(row[key]);
  return labels.map((l) => String(row[l] ?? '')).join('\u0000');
}

/** Keeps the late columns of a result that computed them, until `until`. */
export function lateValuesOf(
  rows: readonly Row[],
  columns: readonly string[],
  keyOf: (row: Row) => string,
  until: number,
): LateValues {
  const byKey = new Map<string, Row>();
  for (const row of rows) {
    const values: Row = {};
    for (const column of columns) values[column] = row[column];
    byKey.set(keyOf(row), values);
  }
  const skipped = Number(rows[0]?.[SKIPPED_TOTAL_COLUMN] ?? 0);
  return { until, byKey, skipped: Number.isFinite(skipped) ? skipped : 0 };
}

/**
 * A result read without its late columns, completed from the kept values: a relation that was not there at the last
 * read (new, or skipped under a lock then) has none (NULL: no sample) until the next read.
 */
export function withLateValues(
  rows: readonly Row[],
  columns: readonly string[],
  keyOf: (row: Row) => string,
  late: LateValues,
): Row[] {
  return rows.map((row) => {
    const kept = late.byKey.get(keyOf(row));
    const filled: Row = { ...row };
    for (const column of columns) filled[column] = kept?.[column] ?? null;
    return filled;
  });
}
