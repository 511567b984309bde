// Database detail: one database's workload, errors and size over time.
import { ID, RATE, row, stat, timeseries } from '../builder.js';
import { dashboard } from '../dashboard.js';
import { T } from '../thresholds.js';

const rate = (name: string) => `rate(${name}{${ID}}[${RATE}])`;
const hits = `sum by (datname) (${rate('pg_stat_database_blks_hit')})`;
const reads = `sum by (datname) (${rate('pg_stat_database_blks_read')})`;

export default dashboard({
  uid: 'pgwarden-database',
  title: 'PostgreSQL / Database detail',
  description: 'Transactions, tuples, temporary files, deadlocks, conflicts, cache hits and size of each database.',
  tags: ['database'],
  variables: ['instance', 'database'],
  panels: [
    row('Now'),
    stat({
      title: 'Size',
      w: 4,
      h: 4,
      unit: 'bytes',
      targets: [{ expr: `sum(pg_database_size_bytes{${ID}})` }],
    }),
    stat({
      title: 'Backends',
      description: 'Sessions connected to the selected databases.',
      w: 4,
      h: 4,
      targets: [{ expr: `sum(pg_stat_database_numbackends{${ID}})` }],
    }),
    stat({
      title: 'Cache hit ratio (since stats reset)',
      description: 'Cumulative since the statistics were last reset (pg_database_cache_hit_ratio); lowest database.',
      w: 4,
      h: 4,
      unit: 'percentunit',
      decimals: 2,
      steps: T.cacheHit,
      targets: [{ expr: `min(pg_database_cache_hit_ratio{${ID}})` }],
    }),
    stat({
      title: 'Deadlocks in range',
      w: 4,
      h: 4,
      steps: T.anyIsBad,
      decimals: 0,
      targets: [{ expr: `sum(increase(pg_stat_database_deadlocks{${ID}}[$__range]))` }],
    }),
    stat({
      title: 'Temp files in range',
      description: 'Queries spilling to disk: consider work_mem.',
      w: 4,
      h: 4,
      decimals: 0,
      targets: [{ expr: `sum(increase(pg_stat_database_temp_files{${ID}}[$__range]))` }],
    }),
    stat({
      title: 'Transaction ID age',
      description: 'Age of datfrozenxid: anti-wraparound autovacuum must keep it far below 2^31.',
      w: 4,
      h: 4,
      unit: 'short',
      steps: T.wraparoundAge,
      targets: [{ expr: `max(pg_database_wraparound_age_datfrozenxid_seconds{${ID}})` }],
    }),
    row('Transactions'),
    timeseries({
      title: 'Commits and rollbacks',
      w: 12,
      h: 8,
      unit: 'ops',
      targets: [
        { expr: rate('pg_stat_database_xact_commit'), legend: 'commit {{datname}}' },
        { expr: rate('pg_stat_database_xact_rollback'), legend: 'rollback {{datname}}' },
      ],
    }),
    timeseries({
      title: 'Rollback ratio',
      description: 'Rollbacks / (commits + rollbacks). Applications that roll back by design keep this high.',
      w: 12,
      h: 8,
      unit: 'percentunit',
      targets: [
        {
          expr: `${rate('pg_stat_database_xact_rollback')} / (${rate('pg_stat_database_xact_commit')} + ${rate('pg_stat_database_xact_rollback')} > 0)`,
          legend: '{{datname}}',
        },
      ],
    }),
    timeseries({
      title: 'Tuples',
      description: 'Rows returned (scanned), fetched (by index), inserted, updated and deleted per second.',
      w: 12,
      h: 8,
      unit: 'rowsps',
      targets: ['returned', 'fetched', 'inserted', 'updated', 'deleted'].map((what) => ({
        expr: `sum by (datname) (${rate(`pg_stat_database_tup_${what}`)})`,
        legend: `${what} {{datname}}`,
      })),
    }),
    timeseries({
      title: 'Cache hit ratio',
      description: 'Over the rate window; a window without block requests has no point.',
      w: 12,
      h: 8,
      unit: 'percentunit',
      max: 1,
      steps: T.cacheHit,
      targets: [{ expr: `${hits} / (${hits} + ${reads} > 0)`, legend: '{{datname}}' }],
    }),
    row('Problems'),
    timeseries({
      title: 'Temporary files',
      w: 8,
      h: 8,
      unit: 'Bps',
      targets: [{ expr: rate('pg_stat_database_temp_bytes'), legend: '{{datname}}' }],
    }),
    timeseries({
      title: 'Deadlocks',
      w: 8,
      h: 8,
      bars: true,
      decimals: 0,
      targets: [{ expr: `increase(pg_stat_database_deadlocks{${ID}}[${RATE}])`, legend: '{{datname}}' }],
    }),
    timeseries({
      title: 'Recovery conflicts',
      description:
        'Queries cancelled on a standby because of recovery (pg_stat_database.conflicts). Replica-only: always 0 ' +
        'on a primary.',
      w: 8,
      h: 8,
      targets: [{ expr: `increase(pg_stat_database_conflicts{${ID}}[${RATE}])`, legend: '{{datname}}' }],
    }),
    timeseries({
      title: 'Block I/O time',
      description: 'Milliseconds per second spent reading and writing data blocks; 0 unless track_io_timing is on.',
      w: 12,
      h: 8,
      unit: 'ms',
      targets: [
        { expr: rate('pg_stat_database_blk_read_time'), legend: 'read {{datname}}' },
        { expr: rate('pg_stat_database_blk_write_time'), legend: 'write {{datname}}' },
      ],
    }),
    timeseries({
      title: 'Checksum failures',
      description:
        'Data page checksum failures. Present only when data checksums are enabled (initdb --data-checksums; the ' +
        'default from PostgreSQL 18).',
      w: 12,
      h: 8,
      steps: T.anyIsBad,
      targets: [{ expr: `pg_stat_database_checksum_failures_total{${ID}}`, legend: '{{datname}}' }],
    }),
    row('Size'),
    timeseries({
      title: 'Size',
      w: 12,
      h: 8,
      unit: 'bytes',
      targets: [{ expr: `pg_database_size_bytes{${ID}}`, legend: '{{datname}}' }],
    }),
    timeseries({
      title: 'Backends',
      w: 12,
      h: 8,
      targets: [{ expr: `pg_stat_database_numbackends{${ID}}`, legend: '{{datname}}' }],
    }),
  ],
});
