// Overview: every instance at a glance.
import { bargauge, I, RATE, row, stat, timeseries } from '../builder.js';
import { activeAlerts, table } from '../table.js';
import { dashboard } from '../dashboard.js';
import { overviewLogPanels } from '../log-panels.js';
import { ROLE_MAPPING, T, UP_MAPPING } from '../thresholds.js';

const by = 'by (instance)';
const tps = `sum ${by} (rate(pg_stat_database_xact_commit{${I}}[${RATE}]) + rate(pg_stat_database_xact_rollback{${I}}[${RATE}]))`;
const hits = `sum ${by} (rate(pg_stat_database_blks_hit{${I}}[${RATE}]))`;
const reads = `sum ${by} (rate(pg_stat_database_blks_read{${I}}[${RATE}]))`;
const cacheHit = `${hits} / (${hits} + ${reads} > 0)`;
const connections = `sum ${by} (pg_stat_activity_count{${I}})`;
const maxConnections = `max ${by} (pg_settings_max_connections{${I}})`;
const backupAge = `time() - max ${by} (pg_backup_last_success_timestamp_seconds{${I}} > 0)`;

export default dashboard({
  uid: 'pgwarden-overview',
  title: 'PostgreSQL / Overview',
  description: 'Every PostgreSQL instance pgwarden watches, at a glance.',
  tags: ['overview'],
  variables: ['instance'],
  multiInstance: true,
  panels: [
    row('Instances'),
    stat({
      title: 'Instances down',
      description: 'Instances whose last connection failed (pg_up 0).',
      w: 4,
      h: 4,
      steps: T.anyIsBad,
      background: true,
      targets: [{ expr: `count(pg_up{${I}} == 0) or vector(0)` }],
    }),
    stat({
      title: 'Firing alerts',
      description:
        "Alerts firing now (ALERTS from pgwarden's own rule engine or a Prometheus evaluating the shipped rules).",
      w: 4,
      h: 4,
      steps: T.anyIsBad,
      background: true,
      targets: [{ expr: `count(ALERTS{alertstate="firing", ${I}}) or vector(0)` }],
    }),
    stat({
      title: 'Newest good backup',
      description: 'Age of the newest backup that passed every check, over the selected instances (backup metrics).',
      w: 4,
      h: 4,
      unit: 's',
      steps: T.backupAge,
      targets: [{ expr: `min(${backupAge})` }],
    }),
    stat({
      title: 'Failing collectors',
      description: 'Collectors whose last run failed (pg_scrape_collector_success 0); see the pgwarden dashboard.',
      w: 4,
      h: 4,
      steps: T.anyIsBad,
      targets: [{ expr: `count(pg_scrape_collector_success{${I}} == 0) or vector(0)` }],
    }),
    stat({
      title: 'Settings pending restart',
      description: 'Changed settings that take effect only after a server restart.',
      w: 4,
      h: 4,
      steps: T.anyIsWarning,
      targets: [{ expr: `count(pg_settings_pending_restart{${I}}) or vector(0)` }],
    }),
    stat({
      title: 'Connected standbys',
      description: 'Standbys streaming from the selected primaries (pg_stat_replication); 0 without replication.',
      w: 4,
      h: 4,
      targets: [{ expr: `count(pg_stat_replication_pg_wal_lsn_diff{${I}}) or vector(0)` }],
    }),
    table({
      title: 'Instances',
      description:
        'One row per instance: reachability, version (server_version_num), role, uptime (since the postmaster ' +
        'started), connections against max_connections, transactions per second, cache hit ratio and backup age.',
      w: 24,
      h: 7,
      sortBy: 'Instance',
      targets: [
        { expr: `max ${by} (pg_up{${I}})` },
        { expr: `max ${by} (pg_settings_server_version_num{${I}})` },
        { expr: `max ${by} (pg_replication_is_replica{${I}})` },
        { expr: `time() - max ${by} (pg_postmaster_start_time_seconds{${I}})` },
        { expr: `${connections} / ${maxConnections}` },
        { expr: tps },
        { expr: cacheHit },
        { expr: backupAge },
        { expr: `max ${by} (pg_replication_lag_seconds{${I}})` },
      ],
      columns: [
        { name: 'Up', mappings: UP_MAPPING },
        { name: 'Version' },
        { name: 'Role', mappings: ROLE_MAPPING },
        { name: 'Uptime', unit: 's' },
        { name: 'Connections used', unit: 'percentunit', steps: T.connectionsUsed },
        { name: 'TPS', unit: 'ops', decimals: 1 },
        { name: 'Cache hit', unit: 'percentunit', steps: T.cacheHit },
        { name: 'Newest good backup', unit: 's', steps: T.backupAge },
        { name: 'Replay lag', unit: 's', steps: T.replicationLag },
      ],
    }),
    activeAlerts(6),
    row('Load'),
    timeseries({
      title: 'Connections used vs max_connections',
      description: 'Client connections (all states) and the max_connections setting, per instance.',
      w: 12,
      h: 8,
      targets: [
        { expr: connections, legend: '{{instance}} connections' },
        { expr: maxConnections, legend: '{{instance}} max_connections' },
      ],
    }),
    timeseries({
      title: 'Transactions per second',
      description: 'Commits plus rollbacks per second, all databases.',
      w: 12,
      h: 8,
      unit: 'ops',
      targets: [{ expr: tps, legend: '{{instance}}' }],
    }),
    timeseries({
      title: 'Cache hit ratio',
      description: 'Blocks found in shared buffers / blocks requested, over the rate window (no reads: no point).',
      w: 12,
      h: 8,
      unit: 'percentunit',
      max: 1,
      steps: T.cacheHit,
      targets: [{ expr: cacheHit, legend: '{{instance}}' }],
    }),
    timeseries({
      title: 'Connections in use (share of max_connections)',
      w: 12,
      h: 8,
      unit: 'percentunit',
      min: 0,
      max: 1,
      steps: T.connectionsUsed,
      targets: [{ expr: `${connections} / ${maxConnections}`, legend: '{{instance}}' }],
    }),
    row('Size'),
    bargauge({
      title: 'Database sizes',
      w: 12,
      h: 8,
      unit: 'bytes',
      targets: [{ expr: `pg_database_size_bytes{${I}}`, legend: '{{instance}} {{datname}}' }],
    }),
    timeseries({
      title: 'Database growth per day',
      description: 'Growth rate over the last hour, extrapolated to a day (deriv of pg_database_size_bytes).',
      w: 12,
      h: 8,
      unit: 'bytes',
      targets: [{ expr: `deriv(pg_database_size_bytes{${I}}[1h]) * 86400`, legend: '{{instance}} {{datname}}' }],
    }),
    ...overviewLogPanels(),
  ],
});
