// Backup facts as metric families. Per-backup families carry exactly {database, type} (rules join on them);
// directory and filesystem families carry {path}.
import { familyOf, type MetricFamily, type Sample } from '../model.js';
import { DIRECTORY_PROBLEMS, type DirectoryProblems } from './clock.js';
import { BACKUP_PROBLEMS, type BackupGroupSummary } from './model.js';
import { offsiteFamilies } from './offsite/families.js';
import { restoreFamilies } from './restore/families.js';
import type { WalArchiveSummary } from './wal.js';

export interface DirectoryFacts {
  readonly path: string;
  readonly up: boolean;
  readonly fsAvailBytes?: number;
  readonly fsSizeBytes?: number;
  /** Files that belong to no backup: future mtimes, dangling symlinks, impossible dates (when the listing was read). */
  readonly problems?: DirectoryProblems;
}

export interface WalArchiveFacts extends WalArchiveSummary {
  readonly path: string;
}

export interface StanzaStatus {
  readonly stanza: string;
  readonly code: number;
  readonly message: string;
}

export interface PgBackRestSourceFacts {
  readonly source: string;
  readonly up: boolean;
}

export interface BackupFacts {
  readonly groups: readonly BackupGroupSummary[];
  readonly directories: readonly DirectoryFacts[];
  readonly walArchives: readonly WalArchiveFacts[];
  readonly stanzas: readonly StanzaStatus[];
  readonly pgBackRestSources: readonly PgBackRestSourceFacts[];
}

type GroupValue = (group: BackupGroupSummary) => number | undefined;

const GROUP_GAUGES: ReadonlyArray<[string, string, GroupValue]> = [
  [
    'pg_backup_last_success_timestamp_seconds',
    'Time of the newest backup that passed every check that could run (0: none has).',
    (g) => g.lastSuccessTimestamp,
  ],
  ['pg_backup_last_timestamp_seconds', 'Time of the newest backup, whatever its state.', (g) => g.lastTimestamp],
  ['pg_backup_last_size_bytes', 'Size of the newest backup.', (g) => g.lastSizeBytes],
  [
    'pg_backup_last_duration_seconds',
    'How long the newest backup took, from its metadata.',
    (g) => g.lastDurationSeconds,
  ],
  ['pg_backup_files', 'Number of backups present.', (g) => g.files],
  ['pg_backup_total_size_bytes', 'Total size of the backups present.', (g) => g.totalSizeBytes],
  ['pg_backup_oldest_timestamp_seconds', 'Time of the oldest backup present.', (g) => g.oldestTimestamp],
  ['pg_backup_retention_seconds', 'Configured backup retention.', (g) => g.retentionSeconds],
  [
    'pg_backup_verification_pending',
    'Backups newer than the last known good one whose verification has not finished.',
    (g) => g.verificationPending,
  ],
];

function gauge(name: string, help: string, samples: Sample[]): MetricFamily {
  return familyOf(name, 'gauge', help, samples);
}

function groupFamilies(groups: readonly BackupGroupSummary[]): MetricFamily[] {
  const families = GROUP_GAUGES.map(([name, help, value]) => {
    const samples: Sample[] = [];
    for (const g of groups) {
      const v = value(g);
      if (v !== undefined) samples.push({ labels: { database: g.database, type: g.type }, value: v });
    }
    return gauge(name, help, samples);
  });
  const problemSamples = groups.flatMap((g) =>
    BACKUP_PROBLEMS.map((problem) => ({
      labels: { database: g.database, type: g.type, problem },
      value: g.problems[problem],
    })),
  );
  families.push(gauge('pg_backup_problems', 'Number of backups with each kind of problem.', problemSamples));
  return families;
}

function pathFamilies(facts: BackupFacts): MetricFamily[] {
  const dirs = facts.directories;
  const wal = facts.walArchives;
  const byPath = <T extends { path: string }>(list: readonly T[], value: (item: T) => number | undefined): Sample[] =>
    list.flatMap((item) => {
      const v = value(item);
      return v === undefined ? [] : [{ labels: { path: item.path }, value: v }];
    });
  return [
    gauge(
      'pg_backup_directory_up',
      'Whether the backup or WAL archive directory could be read.',
      byPath(dirs, (d) => (d.up ? 1 : 0)),
    ),
    gauge(
      'pg_backup_filesystem_avail_bytes',
      'Bytes available to unprivileged users on the filesystem holding the directory.',
      byPath(dirs, (d) => d.fsAvailBytes),
    ),
    gauge(
      'pg_backup_filesystem_size_bytes',
      'Size of the filesystem holding the directory.',
      byPath(dirs, (d) => d.fsSizeBytes),
    ),
    gauge(
      'pg_backup_directory_problems',
      'Files of the directory with a problem that belongs to no backup: an mtime ahead of the clock (clamped to ' +
        'when it was first seen), a symlink to nothing, a dump name with an impossible date.',
      dirs.flatMap((d) =>
        d.problems
          ? DIRECTORY_PROBLEMS.map((problem) => ({
              labels: { path: d.path, problem },
              value: d.problems!.counts[problem],
            }))
          : [],
      ),
    ),
    gauge(
      'pg_wal_archive_last_timestamp_seconds',
      'Modification time of the newest file in the WAL archive (a time ahead of the clock: when it was first seen).',
      byPath(wal, (w) => w.lastTimestamp),
    ),
    gauge(
      'pg_wal_archive_files',
      'Number of WAL files (segments, partial, backup and history files) in the WAL archive.',
      byPath(wal, (w) => w.files),
    ),
    gauge(
      'pg_wal_archive_size_bytes',
      'Total size of the WAL files in the WAL archive.',
      byPath(wal, (w) => w.sizeBytes),
    ),
  ];
}

function pgBackRestFamilies(facts: BackupFacts): MetricFamily[] {
  return [
    gauge(
      'pg_backrest_stanza_status',
      'pgBackRest stanza status code (0 ok, 1 missing stanza path, 2 no valid backups, 3 missing stanza data, ...).',
      facts.stanzas.map((s) => ({ labels: { stanza: s.stanza, status_message: s.message }, value: s.code })),
    ),
    gauge(
      'pg_backrest_info_up',
      'Whether pgBackRest info could be read and parsed.',
      facts.pgBackRestSources.map((s) => ({ labels: { source: s.source }, value: s.up ? 1 : 0 })),
    ),
  ];
}

/** Every family with at least one sample. */
export function backupFamilies(facts: BackupFacts): MetricFamily[] {
  return [...groupFamilies(facts.groups), ...pathFamilies(facts), ...pgBackRestFamilies(facts)].filter(
    (family) => family.samples.length > 0,
  );
}

/** The name of every backup family, including those that have no sample right now (for dashboards and docs). */
export function backupFamilyNames(): string[] {
  const none: BackupFacts = { groups: [], directories: [], walArchives: [], stanzas: [], pgBackRestSources: [] };
  return [
    ...groupFamilies([]),
    ...pathFamilies(none),
    ...pgBackRestFamilies(none),
    ...restoreFamilies([], 0),
    ...offsiteFamilies([], []),
  ].map((family) => family.name);
}
