/** Server settings for the bench fixture: room for the statements and the 10,000 tables' locks, no fsync. */
export const BENCH_SERVER_FLAGS = [
  '-c',
  'pg_stat_statements.max=20000',
  '-c',
  'max_locks_per_transaction=1024',
  '-c',
  'fsync=off',
];
