// Report sections about the sessions right now (pg_stat_activity), which no metric holds: active queries with their
// duration, queries waiting for a lock and who blocks them, the oldest open transactions. Only a local check reads
// them (the agent's answer has the metrics only). Statement text is fetched only when the configuration allows it.
import type { Built } from './activity.js';
import { formatSeconds } from './format.js';
import type { ReportOptions } from './model.js';
import { reportQueryText } from './query-text.js';

/** pg_stat_activity's sessions that are doing something or wait, with text only when `queryText`. */
export function activitySql(queryText: boolean): string {
  return `
SELECT a.pid, a.usename::text AS usename, a.datname::text AS datname, a.application_name, a.state,
       a.wait_event_type, a.wait_event,
       EXTRACT(EPOCH FROM clock_timestamp() - a.query_start)::float8 AS query_seconds,
       EXTRACT(EPOCH FROM clock_timestamp() - a.xact_start)::float8 AS xact_seconds,
       pg_blocking_pids(a.pid) AS blocked_by,
       to_jsonb(a) ->> 'query_id' AS queryid,
       ${queryText ? 'left(a.query, 4096)' : 'NULL::text'} AS query
FROM pg_stat_activity a
WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() AND a.state IS DISTINCT FROM 'idle'
ORDER BY a.xact_start NULLS LAST
LIMIT 500`;
}

export interface SessionRow {
  readonly pid: number;
  readonly usename: string | null;
  readonly datname: string | null;
  readonly application_name: string | null;
  readonly state: string | null;
  readonly wait_event_type: string | null;
  readonly wait_event: string | null;
  readonly query_seconds: number | null;
  readonly xact_seconds: number | null;
  readonly blocked_by: number[];
  readonly queryid: string | null;
  readonly query: string | null;
}

/** Rows as the driver returns them to typed sessions (numbers may arrive as strings). */
export function toSessions(rows: readonly Record<string, unknown>[]): SessionRow[] {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    pid: Number(r.pid),
    usename: str(r.usename),
    datname: str(r.datname),
    application_name: str(r.application_name),
    state: str(r.state),
    wait_event_type: str(r.wait_event_type),
    wait_event: str(r.wait_event),
    query_seconds: num(r.query_seconds),
    xact_seconds: num(r.xact_seconds),
    blocked_by: Array.isArray(r.blocked_by) ? r.blocked_by.map(Number) : [],
    queryid: str(r.queryid),
    query: str(r.query),
  }));
}

function who(s: SessionRow): string {
  const app = s.application_name ? ` (${s.application_name})` : '';
  return `pid ${s.pid} ${s.usename ?? '?'}@${s.datname ?? '?'}${app}`;
}

function statement(s: SessionRow): string {
  if (s.query !== null) return reportQueryText(s.query);
  return s.queryid !== null && s.queryid !== '0' ? `queryid ${s.queryid}` : '(statement text not shown)';
}

function row(s: SessionRow, extra: Record<string, unknown> = {}) {
  return {
    pid: s.pid,
    usename: s.usename,
    datname: s.datname,
    application_name: s.application_name,
    state: s.state,
    wait_event_type: s.wait_event_type,
    wait_event: s.wait_event,
    query_seconds: s.query_seconds,
    xact_seconds: s.xact_seconds,
    blocked_by: s.blocked_by.join(',') || null,
    queryid: s.queryid,
    query: s.query === null ? null : reportQueryText(s.query),
    ...extra,
  } as Record<string, string | number | null>;
}

const longestFirst = (key: 'query_seconds' | 'xact_seconds') => (a: SessionRow, b: SessionRow) =>
  (b[key] ?? -1) - (a[key] ?? -1) || a.pid - b.pid;

export function activeQueries(sessions: readonly SessionRow[], options: ReportOptions): Built {
  const active = sessions.filter((s) => s.state === 'active').sort(longestFirst('query_seconds'));
  const shown = active.slice(0, options.limit);
  return {
    rows: shown.map((s) => row(s)),
    lines: shown.map((s) => {
      const wait = s.wait_event_type ? ` waiting on ${s.wait_event_type}:${s.wait_event ?? ''}` : '';
      return `${who(s)} running ${formatSeconds(s.query_seconds ?? 0)}${wait}: ${statement(s)}`;
    }),
    ...(active.length > shown.length ? { note: `${active.length - shown.length} more not shown` } : {}),
  };
}

export function waitingQueries(sessions: readonly SessionRow[], options: ReportOptions): Built {
  const waiting = sessions
    .filter((s) => s.blocked_by.length > 0 || s.wait_event_type === 'Lock')
    .sort(longestFirst('query_seconds'));
  const shown = waiting.slice(0, options.limit);
  return {
    rows: shown.map((s) => row(s)),
    lines: shown.map((s) => {
      const by = s.blocked_by.length ? `, blocked by pid ${s.blocked_by.join(', ')}` : '';
      return (
        `${who(s)} waiting ${formatSeconds(s.query_seconds ?? 0)} for ${s.wait_event_type ?? '?'}:` +
        `${s.wait_event ?? '?'}${by}: ${statement(s)}`
      );
    }),
    ...(waiting.length > shown.length ? { note: `${waiting.length - shown.length} more not shown` } : {}),
  };
}

export function longTransactions(sessions: readonly SessionRow[], options: ReportOptions): Built {
  const open = sessions.filter((s) => s.xact_seconds !== null).sort(longestFirst('xact_seconds'));
  const shown = open.slice(0, Math.min(5, options.limit));
  return {
    rows: shown.map((s) => row(s)),
    lines: shown.map(
      (s) => `${who(s)} ${s.state ?? '?'}, transaction open ${formatSeconds(s.xact_seconds ?? 0)}: ${statement(s)}`,
    ),
  };
}
