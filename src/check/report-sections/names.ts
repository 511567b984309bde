// The report sections a selection may list (check/selections.yml), in the order a full report prints them.
export const REPORT_SECTION_NAMES = [
  'databases',
  'connections_by_state',
  'connections_by_user',
  'active_queries',
  'waiting_queries',
  'long_transactions',
  'slow_queries',
  'database_sizes',
  'largest_tables',
  'unused_indexes',
  'dead_rows',
  'backups',
  'backup_problems',
  'wal_archive',
  'backup_filesystems',
] as const;

export type ReportSectionName = (typeof REPORT_SECTION_NAMES)[number];
