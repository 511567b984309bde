// Panel thresholds, in one place so they follow the shipped alert rules (alert-rules/*.rules.yml). Each names the
// rule it mirrors; colours go green -> orange (warning) -> red (critical). No rule: no colour but green.
import type { Steps } from './builder.js';

function rising(warning: number, critical?: number): Steps {
  return [[null, 'green'], [warning, 'orange'], ...(critical === undefined ? [] : [[critical, 'red'] as const])];
}

function falling(critical: number, warning: number): Steps {
  return [
    [null, 'red'],
    [critical, 'orange'],
    [warning, 'green'],
  ];
}

const XID_RANGE = 2 ** 31;

export const T = {
  /** PostgresConnectionsHigh: share of max_connections in use. */
  connectionsUsed: rising(0.8, 0.9),
  /** PostgresCacheHitRatioLow: below 90 % a warning (the old runbook's check), below 80 % critical. */
  cacheHit: falling(0.8, 0.9),
  /** PostgresLongRunningTransaction: seconds. */
  longTransaction: rising(3600, 43200),
  /** PostgresIdleInTransaction: seconds. */
  idleInTransaction: rising(300, 900),
  /** PostgresLockWaits: seconds. */
  lockWait: rising(300),
  /** PostgresDeadTuplesHigh: dead / (live + dead), for tables with over 10,000 dead rows. */
  deadTupleRatio: rising(0.2),
  /** PostgresReplicationLag: seconds. */
  replicationLag: rising(30, 300),
  /** PostgresReplicationSlotWalRetained: bytes. */
  slotRetainedWal: rising(1024 ** 3, 10 * 1024 ** 3),
  /** No rule: a sequence three quarters used deserves a look before inserts fail. */
  sequenceUsed: rising(0.75, 0.9),
  /** PostgresWraparound: age of datfrozenxid, half and three quarters of the 2^31 range. */
  wraparoundAge: rising(XID_RANGE * 0.5, XID_RANGE * 0.75),
  /** PostgresBackupStale: seconds since the newest good full backup (26 h, 50 h). */
  backupAge: rising(93600, 180000),
  /** PostgresWalArchiveStale: seconds since the newest archived WAL file. */
  walArchiveAge: rising(3600),
  /** PostgresBackupDiskSpaceLow: share of the backup filesystem in use (under 10 % and 5 % free). */
  filesystemUsed: rising(0.9, 0.95),
  /** Anything counted that should be zero (failed collectors, backup problems, invalid indexes). */
  anyIsBad: [
    [null, 'green'],
    [1, 'red'],
  ] as Steps,
  /** Anything counted that is worth a look (pending restarts, waiting sessions). */
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
