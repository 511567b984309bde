// Report sections about sessions and statements from the store: connections by state and by user, databases, and
// the top statements of pg_stat_statements.
import { formatBytes, formatCount, formatMillis, formatPercent, formatSeconds } from './format.js';
import type { Row } from './model.js';
import { reportQueryText } from './query-text.js';
import { byLabels, keyOf, largest, prefix, query, type StoreView } from './store.js';

export interface Built {
  readonly rows: Row[];
  readonly lines: string[];
  readonly note?: string;
}

const CLIENTS = 'pg_stat_activity_count{backend_type="client backend"}';

function countsBy(view: StoreView, label: string): Built {
  const samples = largest(query(view, `sum by (instance, ${label}) (${CLIENTS}) > 0`), Number.MAX_SAFE_INTEGER);
  return {
    rows: samples.map((s) => ({ instance: s.metric.instance ?? null, [label]: s.metric[label] ?? '', count: s.value })),
    lines: samples.map((s) => `${prefix(view, s.metric)}${s.metric[label] || '(none)'} ${formatCount(s.value)}`),
  };
}

export const connectionsByState = (view: StoreView): Built => countsBy(view, 'state');
export const connectionsByUser = (view: StoreView): Built => countsBy(view, 'usename');

/** Per database: size, cache hit ratio since the statistics reset, client connections. */
export function databases(view: StoreView): Built {
  const names = ['instance', 'datname'];
  const sizes = largest(query(view, 'pg_database_size_bytes'), Number.MAX_SAFE_INTEGER);
  const hits = byLabels(query(view, 'pg_database_cache_hit_ratio'), names);
  const conns = byLabels(query(view, `sum by (instance, datname) (${CLIENTS})`), names);
  const rows = sizes.map((s) => {
    const key = keyOf(s.metric, names);
    return {
      instance: s.metric.instance ?? null,
      datname: s.metric.datname ?? '',
      size_bytes: s.value,
      cache_hit_ratio: hits.get(key) ?? null,
      connections: conns.get(key) ?? 0,
    };
  });
  const lines = sizes.map((s, i) => {
    const row = rows[i] as (typeof rows)[number];
    const hit = row.cache_hit_ratio === null ? '' : `, cache hit ${formatPercent(row.cache_hit_ratio)}`;
    return `${prefix(view, s.metric)}${row.datname}: ${formatBytes(row.size_bytes)}${hit}, ${formatCount(row.connections)} connections`;
  });
  return { rows, lines };
}

/** The top statements by total execution time (since pg_stat_statements was reset), with the text when allowed. */
export function slowQueries(view: StoreView): Built {
  const names = ['instance', 'user', 'datname', 'queryid'];
  const top = largest(query(view, 'pg_stat_statements_seconds_total'), view.options.limit);
  if (top.length === 0) {
    return {
      rows: [],
      lines: [],
      note: 'no pg_stat_statements data (the extension is not installed here: see pgwarden doctor)',
    };
  }
  const calls = byLabels(query(view, 'pg_stat_statements_calls_total'), names);
  const texts = new Map<string, string>();
  if (view.options.queryText)
    for (const s of query(view, 'pg_stat_statements_query_id'))
      if (s.metric.query) texts.set(keyOf(s.metric, ['instance', 'queryid']), s.metric.query);
  const rows = top.map((s) => {
    const n = calls.get(keyOf(s.metric, names)) ?? 0;
    const text = texts.get(keyOf(s.metric, ['instance', 'queryid']));
    return {
      instance: s.metric.instance ?? null,
      user: s.metric.user ?? '',
      datname: s.metric.datname ?? '',
      queryid: s.metric.queryid ?? '',
      total_seconds: s.value,
      calls: n,
      mean_seconds: n > 0 ? s.value / n : null,
      query: text === undefined ? null : reportQueryText(text),
    };
  });
  const lines = rows.map((r, i) => {
    const mean = r.mean_seconds === null ? '' : `, ${formatMillis(r.mean_seconds * 1000)} mean`;
    const what = r.query ?? `queryid ${r.queryid}`;
    return (
      `${prefix(view, top[i]!.metric)}${formatSeconds(r.total_seconds)} total${mean}, ${formatCount(r.calls)} calls, ` +
      `${r.user}@${r.datname}: ${what}`
    );
  });
  const note = view.options.queryText
    ? undefined
    : 'statement text is shown when the stat_statements_query collector is enabled (collectors.enable)';
  return { rows, lines, ...(note ? { note } : {}) };
}
