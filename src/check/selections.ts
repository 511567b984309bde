// The old monitor-database.sh modes as selections of alert rules (by alert name). Data, so that a rule added to the
// pack joins a mode by one line here; `--rule NAME` selects any rule of the configured files directly.

export const SELECTIONS = {
  health: [
    'PostgresDown',
    'PostgresCollectorFailing',
    'PostgresRestarted',
    'PostgresPendingRestart',
    'PostgresLongRunningTransaction',
    'PostgresIdleInTransaction',
    'PostgresCacheHitRatioLow',
    'PostgresDeadTuplesHigh',
    'PostgresNotVacuumed',
    'PostgresWraparound',
  ],
  connections: ['PostgresDown', 'PostgresConnectionsHigh', 'PostgresIdleInTransaction'],
  locks: ['PostgresDown', 'PostgresLockWaits', 'PostgresDeadlocks', 'PostgresLongRunningTransaction'],
  performance: [
    'PostgresDown',
    'PostgresCacheHitRatioLow',
    'PostgresHighRollbackRate',
    'PostgresCheckpointsTooFrequent',
    'PostgresDeadTuplesHigh',
    'PostgresNotVacuumed',
  ],
  'slow-queries': ['PostgresDown', 'PostgresSlowQueries', 'PostgresLongRunningTransaction'],
  disk: ['PostgresDown', 'PostgresBackupDiskSpaceLow', 'PostgresReplicationSlotWalRetained'],
  backups: [
    'PostgresBackupStale',
    'PostgresBackupMissing',
    'PostgresBackupFailed',
    'PostgresBackupRetentionNotApplied',
    'PostgresBackupDiskSpaceLow',
    'PostgresBackupRestoreTestFailed',
    'PostgresBackupRestoreTestStale',
    'PostgresWalArchiveStale',
    'PostgresArchiverFailing',
  ],
  replication: [
    'PostgresDown',
    'PostgresReplicationLag',
    'PostgresReplicationSlotInactive',
    'PostgresReplicationSlotWalRetained',
  ],
} as const satisfies Record<string, readonly string[]>;

export type Selection = keyof typeof SELECTIONS;

/** Other names of a selection (the old script's --metrics is --performance). */
export const SELECTION_ALIASES: Readonly<Record<string, Selection>> = { metrics: 'performance' };

export function isSelection(name: string): name is Selection {
  return Object.hasOwn(SELECTIONS, name);
}

/** A selection by its name or alias; undefined when unknown. */
export function selectionNamed(name: string): Selection | undefined {
  if (isSelection(name)) return name;
  return SELECTION_ALIASES[name];
}

/**
 * The alert names to evaluate: the union of the selections' and the named rules; undefined when nothing was selected
 * (every alerting rule of the rule files applies).
 */
export function selectedRuleNames(
  selections: readonly Selection[],
  rules: readonly string[],
): ReadonlySet<string> | undefined {
  if (selections.length === 0 && rules.length === 0) return undefined;
  return new Set([...selections.flatMap((s) => SELECTIONS[s]), ...rules]);
}
