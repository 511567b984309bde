// What `pgwarden doctor` concludes from facts about the server and the role, and from trial runs of each collector:
// per collector, will it work, what degrades, and the least-privilege SQL that fixes it. Pure; the I/O is in
// src/cli/doctor.ts.

export interface ServerFacts {
  readonly major: number;
  readonly role: string;
  readonly superuser: boolean;
  /** Member of pg_monitor (directly or through another role). */
  readonly pgMonitor: boolean;
  /** Member of pg_read_all_stats (pg_monitor includes it). */
  readonly readAllStats: boolean;
  /** null when the role may not read the setting (pg_read_all_settings, part of pg_monitor). */
  readonly sharedPreloadLibraries: readonly string[] | null;
  /** Extensions created in the connected database. */
  readonly installedExtensions: readonly string[];
  /** Extensions whose files are installed on the server (CREATE EXTENSION would work). */
  readonly availableExtensions: readonly string[];
  readonly trackIoTiming: boolean;
  /** Databases the role may not CONNECT to (scope: database collectors skip them). */
  readonly unreachableDatabases: readonly string[];
}

/** The subset of a collector definition the doctor reads. */
export interface CollectorInfo {
  readonly name: string;
  readonly enabled: boolean;
  readonly requiresExtension?: string | null | undefined;
  readonly scope: 'server' | 'database';
  /** False when no query key is <= the server's major (the collector is skipped on this version). */
  readonly supported: boolean;
}

/** A trial run of the collector's query; absent when it was not run (skipped, missing extension). */
export interface TrialRun {
  readonly ok: boolean;
  /** SQLSTATE of the failure, e.g. 42501 insufficient_privilege. */
  readonly code?: string | undefined;
  readonly message?: string | undefined;
}

export type Status = 'ok' | 'degraded' | 'inactive' | 'failing';

export interface CollectorReport {
  readonly collector: string;
  readonly enabled: boolean;
  readonly status: Status;
  readonly notes: readonly string[];
}

const WITHOUT_STATS = 'sessions of other roles show no state, query or wait event';

/** What each collector loses when the role can not read all statistics (pg_read_all_stats, part of pg_monitor). */
export const DEGRADES_WITHOUT_PG_MONITOR: Readonly<Record<string, string>> = {
  stat_activity: `${WITHOUT_STATS}: they are counted with empty state labels`,
  long_running_transactions: `${WITHOUT_STATS}: their transactions are not seen`,
  blocked_sessions: `${WITHOUT_STATS}: their lock waits are not seen`,
  idle_in_transaction: `${WITHOUT_STATS}: their idle transactions are not seen`,
  stat_statements: 'statements of other roles have no queryid and are merged into one series',
  stat_statements_query: 'statements of other roles show no text',
  stat_replication: 'standby positions are hidden: pg_stat_replication_pg_wal_lsn_diff is missing',
  stat_wal_receiver: 'the WAL receiver row is hidden',
  database: 'pg_database_size needs CONNECT on each database or pg_read_all_stats',
  settings: 'settings restricted to pg_read_all_settings are missing',
  wal: 'pg_ls_waldir() is denied: the collector fails',
};

/** Collectors whose time columns stay 0 without track_io_timing. */
export const NEEDS_TRACK_IO_TIMING: Readonly<Record<string, string>> = {
  stat_database: 'pg_stat_database_blk_read_time / _blk_write_time stay 0',
  stat_statements: 'pg_stat_statements_block_read_seconds_total / _block_write_seconds_total stay 0',
  stat_io: 'pg_stat_io_read_time_seconds_total / _write_time_seconds_total stay 0',
};

const INSUFFICIENT_PRIVILEGE = '42501';

/** False when the library is not preloaded or the role cannot see the setting. */
function preloaded(facts: ServerFacts, library: string): boolean {
  return facts.sharedPreloadLibraries?.includes(library) ?? false;
}

export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function extensionNotes(extension: string, facts: ServerFacts): string[] {
  const notes: string[] = [];
  if (!facts.availableExtensions.includes(extension)) {
    notes.push(`extension ${extension} is not installed on the server (install the contrib package)`);
  }
  if (extension === 'pg_stat_statements' && !preloaded(facts, extension)) {
    const known = facts.sharedPreloadLibraries !== null;
    notes.push(
      `${extension} ${known ? 'is not' : 'must be'} in shared_preload_libraries (add it and restart PostgreSQL)`,
    );
  }
  notes.push(`run CREATE EXTENSION ${extension}; in the connected database; until then the collector emits nothing`);
  return notes;
}

export function assessCollector(info: CollectorInfo, facts: ServerFacts, trial: TrialRun | undefined): CollectorReport {
  const report = (status: Status, notes: string[]): CollectorReport => ({
    collector: info.name,
    enabled: info.enabled,
    status,
    notes,
  });
  if (!info.supported) return report('inactive', [`no query for PostgreSQL ${facts.major}: skipped on this server`]);
  const extension = info.requiresExtension ?? undefined;
  if (extension && !facts.installedExtensions.includes(extension)) {
    return report('inactive', extensionNotes(extension, facts));
  }
  if (trial && !trial.ok) {
    const notes = [`query failed: ${trial.message ?? 'unknown error'}`];
    if (trial.code === INSUFFICIENT_PRIVILEGE)
      notes.push(`missing privilege: GRANT pg_monitor TO ${quoteIdent(facts.role)};`);
    return report('failing', notes);
  }
  const notes: string[] = [];
  const privileged = facts.superuser || (facts.pgMonitor && facts.readAllStats);
  const lost = DEGRADES_WITHOUT_PG_MONITOR[info.name];
  if (!privileged && lost) notes.push(`${lost} (GRANT pg_monitor TO ${quoteIdent(facts.role)};)`);
  if (info.scope === 'database' && facts.unreachableDatabases.length > 0) {
    notes.push(`no CONNECT privilege, so not collected in: ${facts.unreachableDatabases.join(', ')}`);
  }
  const untimed = NEEDS_TRACK_IO_TIMING[info.name];
  if (!facts.trackIoTiming && untimed) notes.push(`track_io_timing is off: ${untimed}`);
  return report(notes.length > 0 ? 'degraded' : 'ok', notes);
}

/** 0 when every collector that is on by default can run (degraded or inactive counts as running); 1 otherwise. */
export function doctorExitCode(reports: readonly CollectorReport[]): number {
  return reports.some((r) => r.enabled && r.status === 'failing') ? 1 : 0;
}

/** The least-privilege setup, as SQL a superuser runs once; only the statements the findings call for are active. */
export function setupSql(facts: ServerFacts): string {
  const role = quoteIdent(facts.role);
  const lines = [
    '-- Least-privilege setup for pgwarden (run as a superuser).',
    `-- CREATE ROLE ${role} LOGIN PASSWORD '...';   -- if the role does not exist yet`,
  ];
  const privileged = facts.superuser || (facts.pgMonitor && facts.readAllStats);
  lines.push(`${privileged ? '-- (already granted) ' : ''}GRANT pg_monitor TO ${role};`);
  if (facts.sharedPreloadLibraries === null) {
    lines.push("-- Make sure shared_preload_libraries contains 'pg_stat_statements' (this role cannot read it).");
  } else if (!preloaded(facts, 'pg_stat_statements')) {
    lines.push("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';  -- then restart PostgreSQL");
    lines.push('-- (append to the existing list if shared_preload_libraries is already set)');
  }
  const created = facts.installedExtensions.includes('pg_stat_statements');
  lines.push(`${created ? '-- (already created) ' : ''}CREATE EXTENSION IF NOT EXISTS pg_stat_statements;`);
  if (!facts.trackIoTiming) lines.push('ALTER SYSTEM SET track_io_timing = on;', 'SELECT pg_reload_conf();');
  lines.push(`-- Optional, for pg_sequence_used_ratio: GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};`);
  return lines.join('\n');
}
