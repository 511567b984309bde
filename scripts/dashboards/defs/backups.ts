// Backups and alerts: the backup files pgwarden watches, the WAL archive, its filesystem, and alert history.
import { I, row, stat, stateTimeline, timeseries } from '../builder.js';
import { activeAlerts, table } from '../table.js';
import { dashboard } from '../dashboard.js';
import { NEVER_MAPPING, T } from '../thresholds.js';

const B = 'instance=~"$instance", database=~"$backup_database"';
const group = 'by (database, type)';
const g = (name: string) => `max ${group} (${name}{${B}})`;
const DRILL_MAPPING = [
  {
    type: 'value',
    options: { '0': { color: 'red', index: 0, text: 'FAILED' }, '1': { color: 'green', index: 1, text: 'OK' } },
  },
];
const goodAge = `time() - (${g('pg_backup_last_success_timestamp_seconds')} > 0)`;

export default dashboard({
  uid: 'pgwarden-backups',
  title: 'PostgreSQL / Backups and alerts',
  description: 'Last good backup per database and type, backup problems, WAL archive freshness, space, alert history.',
  tags: ['backups', 'alerts'],
  variables: ['instance', 'backup_database'],
  panels: [
    row('Backups'),
    stat({
      title: 'Oldest newest-good-backup',
      description: 'The worst of the selected databases and types: age of its newest backup that passed every check.',
      w: 6,
      h: 4,
      unit: 's',
      steps: T.backupAge,
      targets: [{ expr: `max(${goodAge})` }],
    }),
    stat({
      title: 'Backups with problems',
      description: 'Backups present with any problem (failed, checksum mismatch or missing, corrupt, empty, ...).',
      w: 6,
      h: 4,
      steps: T.anyIsBad,
      targets: [{ expr: `sum(pg_backup_problems{${B}})` }],
    }),
    stat({
      title: 'Awaiting verification',
      description: 'Backups newer than the last good one whose checksum and gzip test have not finished.',
      w: 6,
      h: 4,
      targets: [{ expr: `sum(pg_backup_verification_pending{${B}})` }],
    }),
    stat({
      title: 'Backup directories readable',
      description: 'Directories (backups and WAL archive) pgwarden could read, of those configured.',
      w: 6,
      h: 4,
      targets: [
        { expr: `sum(pg_backup_directory_up{${I}})`, legend: 'readable' },
        { expr: `count(pg_backup_directory_up{${I}})`, legend: 'configured' },
      ],
    }),
    table({
      title: 'Backups by database and type',
      description:
        'Newest good backup (passed every check that could run), newest backup whatever its state, its size and ' +
        'duration, how many are kept and the oldest (files older than the retention mean the clean-up job stopped).',
      w: 24,
      h: 8,
      sortBy: 'database',
      targets: [
        { expr: `${g('pg_backup_last_success_timestamp_seconds')} * 1000` },
        { expr: goodAge },
        { expr: `${g('pg_backup_last_timestamp_seconds')} * 1000` },
        { expr: g('pg_backup_last_size_bytes') },
        { expr: g('pg_backup_last_duration_seconds') },
        { expr: g('pg_backup_files') },
        { expr: g('pg_backup_total_size_bytes') },
        { expr: `time() - ${g('pg_backup_oldest_timestamp_seconds')}` },
        { expr: g('pg_backup_retention_seconds') },
      ],
      columns: [
        { name: 'Newest good', unit: 'dateTimeFromNow', mappings: NEVER_MAPPING },
        { name: 'Good backup age', unit: 's', steps: T.backupAge },
        { name: 'Newest (any state)', unit: 'dateTimeFromNow' },
        { name: 'Newest size', unit: 'bytes' },
        { name: 'Newest duration', unit: 's' },
        { name: 'Backups kept', decimals: 0 },
        { name: 'Total size', unit: 'bytes' },
        { name: 'Oldest age', unit: 's' },
        { name: 'Retention', unit: 's' },
      ],
    }),
    table({
      title: 'Problems',
      description:
        'Backups with a problem, by kind: failed, checksum_mismatch, checksum_missing, meta_missing, ' +
        'meta_invalid, corrupt_archive, empty, unreadable. Empty when every backup is fine.',
      w: 12,
      h: 8,
      sortBy: 'Backups',
      targets: [{ expr: `sum by (database, type, problem) (pg_backup_problems{${B}}) > 0` }],
      columns: [{ name: 'Backups', decimals: 0, steps: T.anyIsBad }],
    }),
    timeseries({
      title: 'Newest backup size',
      w: 12,
      h: 8,
      unit: 'bytes',
      targets: [{ expr: g('pg_backup_last_size_bytes'), legend: '{{database}} {{type}}' }],
    }),
    row('Restore drills'),
    stat({
      title: 'Restore drills failing',
      description:
        'Databases and types whose newest restore drill (restore into a scratch server, checked, dropped) failed or ' +
        'could not run. Only with backups[].restore_test configured.',
      w: 6,
      h: 4,
      steps: T.anyIsBad,
      targets: [{ expr: `count(${g('pg_backup_restore_test_success')} == 0) or vector(0)` }],
    }),
    table({
      title: 'Restore drills by database and type',
      description:
        'Newest restore drill per database and type: when it last succeeded and ran, how long it took, what it ' +
        'restored (tables, rows after ANALYZE), and the drill schedule.',
      w: 18,
      h: 8,
      sortBy: 'database',
      targets: [
        { expr: g('pg_backup_restore_test_success') },
        { expr: `${g('pg_backup_restore_test_last_success_timestamp_seconds')} * 1000` },
        { expr: `${g('pg_backup_restore_test_last_run_timestamp_seconds')} * 1000` },
        { expr: g('pg_backup_restore_test_duration_seconds') },
        { expr: g('pg_backup_restore_test_tables') },
        { expr: g('pg_backup_restore_test_rows') },
        { expr: g('pg_backup_restore_test_schedule_seconds') },
      ],
      columns: [
        { name: 'Succeeded', decimals: 0, mappings: DRILL_MAPPING },
        { name: 'Last success', unit: 'dateTimeFromNow', mappings: NEVER_MAPPING },
        { name: 'Last run', unit: 'dateTimeFromNow' },
        { name: 'Duration', unit: 's' },
        { name: 'Tables', decimals: 0 },
        { name: 'Rows', decimals: 0 },
        { name: 'Schedule', unit: 's' },
      ],
    }),
    table({
      title: 'Restore drill problems',
      description:
        'Problems of the newest drills: restore_error, check_failed, timeout, too_large (the backup does not ' +
        'restore), client_missing, server_error, monitored_target (the drill could not run). Empty when all succeed.',
      w: 12,
      h: 6,
      sortBy: 'database',
      targets: [{ expr: `max by (database, type, problem) (pg_backup_restore_test_problems{${B}}) > 0` }],
      columns: [{ name: 'Found', decimals: 0, steps: T.anyIsBad }],
    }),
    timeseries({
      title: 'Restore drill duration',
      description: 'How long the newest restore drill of each database and type took.',
      w: 12,
      h: 6,
      unit: 's',
      targets: [{ expr: g('pg_backup_restore_test_duration_seconds'), legend: '{{database}} {{type}}' }],
    }),
    row('WAL archive and space'),
    timeseries({
      title: 'WAL archive freshness',
      description: 'Seconds since the newest file in the WAL archive directory was written.',
      w: 8,
      h: 8,
      unit: 's',
      steps: T.walArchiveAge,
      targets: [{ expr: `time() - pg_wal_archive_last_timestamp_seconds{${I}}`, legend: '{{path}}' }],
    }),
    timeseries({
      title: 'WAL archive size',
      w: 8,
      h: 8,
      unit: 'bytes',
      targets: [{ expr: `pg_wal_archive_size_bytes{${I}}`, legend: 'size {{path}}' }],
    }),
    timeseries({
      title: 'Backup filesystem used',
      description: 'Share of the filesystem holding each backup or WAL archive directory that is in use.',
      w: 8,
      h: 8,
      unit: 'percentunit',
      min: 0,
      max: 1,
      steps: T.filesystemUsed,
      targets: [
        {
          expr: `1 - pg_backup_filesystem_avail_bytes{${I}} / (pg_backup_filesystem_size_bytes{${I}} > 0)`,
          legend: '{{path}}',
        },
      ],
    }),
    stat({
      title: 'pgBackRest stanzas',
      description: 'Only with a pgbackrest source configured: stanza status code (0 ok).',
      w: 12,
      h: 4,
      steps: T.anyIsBad,
      targets: [{ expr: `pg_backrest_stanza_status{${I}}`, legend: '{{stanza}} {{status_message}}' }],
    }),
    stat({
      title: 'Free space for backups',
      w: 12,
      h: 4,
      unit: 'bytes',
      targets: [{ expr: `min(pg_backup_filesystem_avail_bytes{${I}})` }],
    }),
    row('Alerts'),
    activeAlerts(7),
    stateTimeline({
      title: 'Alert history',
      description: 'When each alert was pending or firing in the time range (ALERTS). Empty when none was.',
      w: 24,
      h: 9,
      mappings: [
        {
          type: 'value',
          options: {
            '1': { color: 'orange', index: 0, text: 'pending' },
            '2': { color: 'red', index: 1, text: 'firing' },
          },
        },
      ],
      targets: [
        {
          expr: `max by (alertname) (ALERTS{${I}, alertstate="firing"} * 2 or ALERTS{${I}, alertstate="pending"})`,
          legend: '{{alertname}}',
        },
      ],
    }),
  ],
});
