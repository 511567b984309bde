// Panel thresholds, in one place so they follow the shipped alert rules (alert-rules/). Each pair is the warning and
// the critical level of the rule named beside it; colours go green -> orange -> red.
import type { Steps } from './builder.js';

function rising(warning: number, critical: number): Steps {
  return [
    [null, 'green'],
    [warning, 'orange'],
    [critical, 'red'],
  ];
}

function falling(critical: number, warning: number): Steps {
  return [
    [null, 'red'],
    [critical, 'orange'],
    [warning, 'green'],
  ];
}

export const T = {
  /** PostgreSQLConnectionsHigh: share of max_connections in use. */
  connectionsUsed: rising(0.8, 0.9),
  /** PostgreSQLCacheHitRatioLow: below 90 % is a warning (the old runbook's check), below 80 % critical. */
  cacheHit: falling(0.8, 0.9),
  /** PostgreSQLLongRunningTransaction: seconds. */
  longTransaction: rising(300, 3600),
  /** PostgreSQLIdleInTransaction: seconds. */
  idleInTransaction: rising(300, 1800),
  /** PostgreSQLLockWait: seconds. */
  lockWait: rising(30, 300),
  /** PostgreSQLDeadTuples: dead / (live + dead). */
  deadTupleRatio: rising(0.1, 0.2),
  /** PostgreSQLReplicationLag: seconds. */
  replicationLag: rising(30, 300),
  /** PostgreSQLReplicationSlotRetainedWAL: bytes. */
  slotRetainedWal: rising(1024 ** 3, 10 * 1024 ** 3),
  /** PostgreSQLSequenceExhaustion: fraction of the range used. */
  sequenceUsed: rising(0.75, 0.9),
  /** PostgreSQLTxidWraparound: age of datfrozenxid in transactions. */
  wraparoundAge: rising(1_000_000_000, 1_500_000_000),
  /** BackupTooOld: seconds since the newest good backup (nightly job: a day plus slack, then two). */
  backupAge: rising(26 * 3600, 50 * 3600),
  /** WalArchiveStale: seconds since the newest archived WAL file. */
  walArchiveAge: rising(15 * 60, 3600),
  /** BackupFilesystemFull: share of the backup filesystem in use. */
  filesystemUsed: rising(0.8, 0.9),
  /** Anything counted that should be zero (failed collectors, problems, deadlocks, invalid indexes). */
  anyIsBad: [
    [null, 'green'],
    [1, 'red'],
  ] as Steps,
  /** Anything counted that is worth a look (pending, waiting). */
  anyIsWarning: [
    [null, 'green'],
    [1, 'orange'],
  ] as Steps,
} as const;

/** Value mappings reused across dashboards. */
export const UP_MAPPING = [
  {
    type: 'value',
    options: { '0': { color: 'red', index: 0, text: 'DOWN' }, '1': { color: 'green', index: 1, text: 'UP' } },
  },
];
export const ROLE_MAPPING = [
  {
    type: 'value',
    options: { '0': { color: 'blue', index: 0, text: 'primary' }, '1': { color: 'purple', index: 1, text: 'replica' } },
  },
];
export const NEVER_MAPPING = [{ type: 'value', options: { '0': { color: 'text', index: 0, text: 'never' } } }];
