// Report sections about storage from the store: database sizes, the largest tables, unused indexes, dead rows and
// vacuum. A vacuum timestamp of 0 means "never" (postgres_exporter's encoding of NULL), never "56 years ago".
import type { Built } from './activity.js';
import { formatBytes, formatCount, formatPercent, formatSeconds } from './format.js';
import { byLabels, keyOf, largest, prefix, query, type StoreView } from './store.js';

const TABLE = ['instance', 'datname', 'schemaname', 'relname'];

function tableName(labels: Record<string, string>): string {
  return `${labels.datname ?? ''} ${labels.schemaname ?? ''}.${labels.relname ?? ''}`;
}

export function databaseSizes(view: StoreView): Built {
  const sizes = largest(query(view, 'pg_database_size_bytes'), Number.MAX_SAFE_INTEGER);
  return {
    rows: sizes.map((s) => ({ instance: s.metric.instance ?? null, datname: s.metric.datname ?? '', bytes: s.value })),
    lines: sizes.map((s) => `${prefix(view, s.metric)}${s.metric.datname ?? ''} ${formatBytes(s.value)}`),
  };
}

/** Table plus index size, largest first. */
export function largestTables(view: StoreView): Built {
  const top = largest(
    query(view, 'pg_stat_user_tables_table_size_bytes + pg_stat_user_tables_index_size_bytes'),
    view.options.limit,
  );
  const tables = byLabels(query(view, 'pg_stat_user_tables_table_size_bytes'), TABLE);
  const rows = top.map((s) => {
    const table = tables.get(keyOf(s.metric, TABLE)) ?? 0;
    return { ...labelsOf(s.metric), total_bytes: s.value, table_bytes: table, index_bytes: s.value - table };
  });
  const lines = rows.map(
    (r, i) =>
      `${prefix(view, top[i]!.metric)}${tableName(top[i]!.metric)} ${formatBytes(r.total_bytes)} ` +
      `(table ${formatBytes(r.table_bytes)}, indexes ${formatBytes(r.index_bytes)})`,
  );
  return { rows, lines };
}

function labelsOf(labels: Record<string, string>): Record<string, string | null> {
  return Object.fromEntries(TABLE.map((n) => [n, labels[n] ?? (n === 'instance' ? null : '')]));
}

/** Indexes never scanned since the statistics were reset, largest first. */
export function unusedIndexes(view: StoreView): Built {
  const names = [...TABLE, 'indexrelname'];
  const unused = query(view, 'pg_stat_user_indexes_idx_scan_total == 0');
  const sizes = byLabels(query(view, 'pg_stat_user_indexes_size_bytes'), names);
  const withSize = unused.map((s) => ({ metric: s.metric, value: sizes.get(keyOf(s.metric, names)) ?? 0 }));
  const top = largest(withSize, view.options.limit);
  return {
    rows: top.map((s) => ({ ...labelsOf(s.metric), indexrelname: s.metric.indexrelname ?? '', bytes: s.value })),
    lines: top.map(
      (s) =>
        `${prefix(view, s.metric)}${s.metric.datname ?? ''} ${s.metric.schemaname ?? ''}.${s.metric.indexrelname ?? ''}` +
        ` on ${s.metric.relname ?? ''}: ${formatBytes(s.value)}, 0 scans`,
    ),
    note:
      'scans count since the statistics were reset; an index that enforces a unique or primary key is used even ' +
      'with 0 scans',
  };
}

/** Tables by dead rows, with their share and the last (auto)vacuum: "never vacuumed" when there was none. */
export function deadRows(view: StoreView): Built {
  const top = largest(query(view, 'pg_stat_user_tables_n_dead_tup > 0'), view.options.limit);
  const live = byLabels(query(view, 'pg_stat_user_tables_n_live_tup'), TABLE);
  const vacuumed = byLabels(
    query(view, `max by (${TABLE.join(', ')}) ({__name__=~"pg_stat_user_tables_last_(auto)?vacuum"})`),
    TABLE,
  );
  const nowSeconds = view.timeMs / 1000;
  const rows = top.map((s) => {
    const key = keyOf(s.metric, TABLE);
    const liveRows = live.get(key) ?? 0;
    const last = vacuumed.get(key) ?? 0;
    return {
      ...labelsOf(s.metric),
      dead_rows: s.value,
      live_rows: liveRows,
      dead_ratio: s.value + liveRows > 0 ? s.value / (s.value + liveRows) : 0,
      last_vacuum: last > 0 ? new Date(last * 1000).toISOString() : null,
      vacuum_age_seconds: last > 0 ? Math.max(0, nowSeconds - last) : null,
    };
  });
  const lines = rows.map((r, i) => {
    const vacuum =
      r.vacuum_age_seconds === null ? 'never vacuumed' : `vacuumed ${formatSeconds(r.vacuum_age_seconds)} ago`;
    return (
      `${prefix(view, top[i]!.metric)}${tableName(top[i]!.metric)}: ${formatCount(r.dead_rows)} dead rows ` +
      `(${formatPercent(r.dead_ratio)}), ${vacuum}`
    );
  });
  return { rows, lines };
}
