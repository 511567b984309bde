// Panels over the server-log metrics (pg_log_*, docs/server-log.md), shared by the Activity dashboard (one instance,
// every event kind) and the Overview (every instance, per instance). They fill in only for targets with `log:`.
import { I, RATE, row, stat, timeseries, type Panel } from './builder.js';
import { T } from './thresholds.js';

export const NEEDS_LOG = "Needs the target's `log:` section (docs/server-log.md)";

/** `increase` over the panel's step: rare events (deadlocks, failed logins) show as whole counts per step. */
const per = (metric: string, by = '') => `sum${by ? ` by (${by})` : ''} (increase(${metric}{${I}}[${RATE}]))`;

/** The Activity dashboard's "Server log" row: every event kind the log reader counts, for the selected instance. */
export function activityLogPanels(): Panel[] {
  return [
    row('Server log'),
    timeseries({
      title: 'Log messages by severity',
      description: `Messages the server wrote to its log, by severity (LOG … PANIC). ${NEEDS_LOG}.`,
      w: 12,
      h: 8,
      stack: true,
      bars: true,
      decimals: 0,
      targets: [{ expr: per('pg_log_messages_total', 'severity'), legend: '{{severity}}' }],
    }),
    timeseries({
      title: 'Failed logins',
      description: `Failed authentications by user and client address (top N, the rest as __other__). ${NEEDS_LOG}.`,
      w: 12,
      h: 8,
      bars: true,
      decimals: 0,
      targets: [
        {
          expr: `${per('pg_log_auth_failures_total', 'user, client_addr')} > 0`,
          legend: '{{user}} from {{client_addr}}',
        },
      ],
    }),
    timeseries({
      title: 'Slow statements',
      description: `Statements logged with their duration (log_min_duration_statement): how many, and the 95th percentile of their duration. ${NEEDS_LOG}.`,
      w: 12,
      h: 8,
      unit: 's',
      targets: [
        {
          expr: `histogram_quantile(0.95, sum by (le) (rate(pg_log_slow_statement_duration_seconds_bucket{${I}}[${RATE}])))`,
          legend: 'p95 duration',
        },
        {
          expr: `sum(rate(pg_log_slow_statement_duration_seconds_sum{${I}}[${RATE}])) / sum(rate(pg_log_slow_statement_duration_seconds_count{${I}}[${RATE}]))`,
          legend: 'mean duration',
        },
      ],
    }),
    timeseries({
      title: 'Slow statements logged',
      description: `Count of duration: lines per step. ${NEEDS_LOG}.`,
      w: 12,
      h: 8,
      bars: true,
      decimals: 0,
      targets: [{ expr: per('pg_log_slow_statements_total'), legend: 'slow statements' }],
    }),
    timeseries({
      title: 'Deadlocks and lock waits (log)',
      description: `Deadlocks detected, and lock waits longer than deadlock_timeout (log_lock_waits). ${NEEDS_LOG}.`,
      w: 6,
      h: 8,
      bars: true,
      decimals: 0,
      targets: [
        { expr: per('pg_log_deadlocks_total'), legend: 'deadlocks' },
        { expr: per('pg_log_lock_waits_total'), legend: 'lock waits' },
      ],
    }),
    timeseries({
      title: 'Temporary files (log)',
      description: `Temporary files written (log_temp_files). ${NEEDS_LOG}.`,
      w: 6,
      h: 8,
      bars: true,
      decimals: 0,
      targets: [{ expr: per('pg_log_temp_files_total'), legend: 'files' }],
    }),
    timeseries({
      title: 'Temporary file bytes (log)',
      description: `Bytes of the temporary files logged (log_temp_files). ${NEEDS_LOG}.`,
      w: 6,
      h: 8,
      unit: 'bytes',
      targets: [{ expr: per('pg_log_temp_file_bytes_total'), legend: 'bytes' }],
    }),
    timeseries({
      title: 'Checkpoints (log)',
      description: `Checkpoints completed (log_checkpoints), and warnings that they occur too frequently (raise max_wal_size). ${NEEDS_LOG}.`,
      w: 6,
      h: 8,
      bars: true,
      decimals: 0,
      targets: [
        { expr: per('pg_log_checkpoints_total'), legend: 'completed' },
        { expr: per('pg_log_checkpoints_too_frequent_total'), legend: 'too frequent' },
      ],
    }),
  ];
}

const inRange = (metric: string, filter = '') =>
  `sum(increase(${metric}{${I}${filter ? `, ${filter}` : ''}}[$__range]))`;

/** The Overview's "Server log" row: counts in the time range over the selected instances, and messages per instance. */
export function overviewLogPanels(): Panel[] {
  const stats: Array<[title: string, description: string, expr: string]> = [
    [
      'Errors in the log',
      'ERROR, FATAL and PANIC messages in the time range',
      inRange('pg_log_messages_total', 'severity=~"ERROR|FATAL|PANIC"'),
    ],
    ['Failed logins', 'Failed authentications in the time range', inRange('pg_log_auth_failures_total')],
    [
      'Slow statements',
      'Statements logged with their duration in the time range',
      inRange('pg_log_slow_statements_total'),
    ],
    ['Deadlocks (log)', 'Deadlocks logged in the time range', inRange('pg_log_deadlocks_total')],
    [
      'Lock waits (log)',
      'Lock waits longer than deadlock_timeout in the time range',
      inRange('pg_log_lock_waits_total'),
    ],
    ['Checkpoints (log)', 'Checkpoints completed in the time range', inRange('pg_log_checkpoints_total')],
  ];
  return [
    row('Server log'),
    ...stats.map(([title, description, expr]) =>
      stat({
        title,
        description: `${description}, over the selected instances. ${NEEDS_LOG}.`,
        w: 4,
        h: 4,
        decimals: 0,
        ...(title === 'Errors in the log' || title === 'Failed logins' ? { steps: T.anyIsWarning } : {}),
        targets: [{ expr }],
      }),
    ),
    timeseries({
      title: 'Log messages by instance and severity',
      description: `Messages per step, WARNING and worse. ${NEEDS_LOG}.`,
      w: 12,
      h: 8,
      stack: true,
      bars: true,
      decimals: 0,
      targets: [
        {
          expr: `sum by (instance, severity) (increase(pg_log_messages_total{${I}, severity=~"WARNING|ERROR|FATAL|PANIC"}[${RATE}]))`,
          legend: '{{instance}} {{severity}}',
        },
      ],
    }),
    timeseries({
      title: 'Temporary file bytes by instance (log)',
      description: `Bytes of the temporary files logged (log_temp_files), per step. ${NEEDS_LOG}.`,
      w: 12,
      h: 8,
      unit: 'bytes',
      targets: [
        { expr: `sum by (instance) (increase(pg_log_temp_file_bytes_total{${I}}[${RATE}]))`, legend: '{{instance}}' },
      ],
    }),
  ];
}
