// The report below a check's verdict: the sections its selections name (check/selections.yml), built from the
// sample store and, in a local run, from the sessions right now.
import { connectionsByState, connectionsByUser, databases, slowQueries, type Built } from './activity.js';
import { backupFilesystems, backupProblems, backups, walArchive } from './backups.js';
import { activeQueries, longTransactions, waitingQueries, type SessionRow } from './live.js';
import { pluginText } from '../report.js';
import type { ReportSection } from './model.js';
import { REPORT_SECTION_NAMES, type ReportSectionName } from './names.js';
import { databaseSizes, deadRows, largestTables, unusedIndexes } from './storage.js';
import type { StoreView } from './store.js';

export type { ReportSection, ReportOptions, Row, Cell } from './model.js';
export { DEFAULT_REPORT_OPTIONS } from './model.js';
export { REPORT_SECTION_NAMES, type ReportSectionName } from './names.js';
export { activitySql, toSessions, type SessionRow } from './live.js';
export type { StoreView } from './store.js';

type FromStore = (view: StoreView) => Built;
type FromSessions = (sessions: readonly SessionRow[], options: StoreView['options']) => Built;

const SECTIONS: Record<ReportSectionName, { title: string; store?: FromStore; sessions?: FromSessions }> = {
  databases: { title: 'Databases', store: databases },
  connections_by_state: { title: 'Connections by state', store: connectionsByState },
  connections_by_user: { title: 'Connections by user', store: connectionsByUser },
  active_queries: { title: 'Active queries', sessions: activeQueries },
  waiting_queries: { title: 'Waiting queries', sessions: waitingQueries },
  long_transactions: { title: 'Oldest open transactions', sessions: longTransactions },
  slow_queries: { title: 'Top statements by total time (pg_stat_statements)', store: slowQueries },
  database_sizes: { title: 'Database sizes', store: databaseSizes },
  largest_tables: { title: 'Largest tables (with indexes and TOAST)', store: largestTables },
  unused_indexes: { title: 'Unused indexes', store: unusedIndexes },
  dead_rows: { title: 'Dead rows and vacuum', store: deadRows },
  backups: { title: 'Backups', store: backups },
  backup_problems: { title: 'Backup problems', store: backupProblems },
  wal_archive: { title: 'WAL archive', store: walArchive },
  backup_filesystems: { title: 'Backup filesystems', store: backupFilesystems },
};

/** Sections whose lines sit on the title line ("Connections by state: active 2, idle 5"). */
const INLINE: ReadonlySet<ReportSectionName> = new Set(['connections_by_state', 'connections_by_user']);

/** Why a run has no sessions: the agent's answer holds metrics only. */
export const NO_SESSIONS_FROM_AGENT = 'sessions are read by a local check only (not with --agent)';

/**
 * The named sections in the shipped order. `sessions` is the reason when the run has none: the session sections then
 * say it.
 */
export function buildReport(
  names: readonly string[],
  view: StoreView,
  sessions: readonly SessionRow[] | string,
): ReportSection[] {
  return REPORT_SECTION_NAMES.filter((name) => names.includes(name)).map((name) => {
    const def = SECTIONS[name];
    let built: Built;
    if (def.store) built = def.store(view);
    else if (typeof sessions !== 'string') built = (def.sessions as FromSessions)(sessions, view.options);
    else built = { rows: [], lines: [], note: sessions };
    return { name, title: def.title, ...built };
  });
}

/**
 * The report as Nagios long output lines: a title line per section, then its lines indented. Text from the database
 * (names, statements) passes pluginText, so it can neither end a line nor open the perfdata.
 */
export function reportLines(sections: readonly ReportSection[]): string[] {
  return sections.flatMap((s) => {
    const note = s.note ? ` (${s.note})` : '';
    const lines = s.lines.map(pluginText);
    if (INLINE.has(s.name)) return [pluginText(`${s.title}: ${lines.length ? lines.join(', ') : 'none'}${note}`)];
    if (lines.length === 0) return [pluginText(`${s.title}: none${note}`)];
    return [pluginText(`${s.title}:${note}`), ...lines.map((line) => `  ${line}`)];
  });
}
