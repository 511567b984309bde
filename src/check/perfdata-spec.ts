// Which values the check reports as perfdata: data, one row per value. `label` may name series labels in braces
// ({datname}); `rule` names the alert whose warning/critical severities give the thresholds, so the graph's lines
// are the rule pack's; `factor` scales value and thresholds (a ratio shown in %); `thresholdsTimesMax` scales
// thresholds by the max (a rule on "used / max > 0.8" draws its line at 0.8 × max).
import type { PerfUnit } from './perfdata.js';
import type { Selection } from './selections.js';

export interface PerfSpec {
  readonly label: string;
  /** PromQL giving one sample per reported value (per target, or per target and database, ...). */
  readonly expr: string;
  readonly unit: PerfUnit;
  readonly rule?: string;
  readonly factor?: number;
  readonly min?: number;
  /** A number, or PromQL whose sample of the same target is the max. */
  readonly max?: number | string;
  readonly thresholdsTimesMax?: boolean;
  /** The selections that report it (every value is reported when nothing is selected). */
  readonly selections: readonly Selection[];
}

export const PERFDATA_SPECS: readonly PerfSpec[] = [
  {
    label: 'connections',
    // stat_activity has no client backend series while no client is connected: then it is 0.
    expr:
      'sum by (instance) (pg_stat_activity_count{backend_type="client backend"})' +
      ' or sum by (instance) (pg_stat_activity_count) * 0',
    unit: '',
    rule: 'PostgresConnectionsHigh',
    min: 0,
    max: 'pg_settings_max_connections - pg_settings_superuser_reserved_connections',
    thresholdsTimesMax: true,
    selections: ['connections', 'health'],
  },
  {
    label: 'cache_hit_{datname}',
    expr: 'pg_database_cache_hit_ratio',
    unit: '%',
    rule: 'PostgresCacheHitRatioLow',
    factor: 100,
    min: 0,
    max: 100,
    selections: ['health', 'performance'],
  },
  {
    label: 'longest_transaction',
    expr: 'max by (instance) (pg_long_running_transactions_oldest_timestamp_seconds)',
    unit: 's',
    rule: 'PostgresLongRunningTransaction',
    min: 0,
    selections: ['health', 'locks', 'slow-queries'],
  },
  {
    label: 'idle_in_transaction',
    expr: 'max by (instance) (pg_idle_in_transaction_max_seconds)',
    unit: 's',
    rule: 'PostgresIdleInTransaction',
    min: 0,
    selections: ['health', 'connections'],
  },
  {
    label: 'waiting_sessions',
    expr: 'sum by (instance) (pg_blocked_sessions)',
    unit: '',
    min: 0,
    selections: ['connections', 'locks'],
  },
  {
    label: 'lock_wait',
    expr: 'max by (instance) (pg_lock_wait_max_seconds)',
    unit: 's',
    rule: 'PostgresLockWaits',
    min: 0,
    selections: ['locks'],
  },
  {
    label: 'db_size_{datname}',
    expr: 'pg_database_size_bytes',
    unit: 'B',
    min: 0,
    selections: ['disk'],
  },
  {
    label: 'backup_age_{database}',
    expr: 'time() - (pg_backup_last_success_timestamp_seconds{type="full"} > 0)',
    unit: 's',
    rule: 'PostgresBackupStale',
    min: 0,
    selections: ['backups'],
  },
  {
    label: 'wal_archive_age',
    expr: 'time() - max by (instance) (pg_wal_archive_last_timestamp_seconds)',
    unit: 's',
    rule: 'PostgresWalArchiveStale',
    min: 0,
    selections: ['backups'],
  },
  {
    label: 'replication_lag',
    expr: 'pg_replication_lag_seconds and on (instance, job) pg_replication_is_replica == 1',
    unit: 's',
    rule: 'PostgresReplicationLag',
    min: 0,
    selections: ['replication'],
  },
];
