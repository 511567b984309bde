// Activity and locks: who is connected, doing what, waiting on whom.
import { I, ID, row, stat, timeseries } from '../builder.js';
import { dashboard } from '../dashboard.js';
import { activityLogPanels } from '../log-panels.js';
import { T } from '../thresholds.js';

const activity = `pg_stat_activity_count{${ID}}`;

export default dashboard({
  uid: 'pgwarden-activity',
  title: 'PostgreSQL / Activity and locks',
  description: 'Connections by state, user and application; long transactions; idle in transaction; lock waits.',
  tags: ['activity'],
  variables: ['instance', 'database'],
  panels: [
    row('Now'),
    stat({
      title: 'Connections used',
      description: 'Client connections to any database / max_connections.',
      w: 4,
      h: 4,
      unit: 'percentunit',
      steps: T.connectionsUsed,
      targets: [{ expr: `sum(pg_stat_activity_count{${I}}) / max(pg_settings_max_connections{${I}})` }],
    }),
    stat({
      title: 'Longest transaction',
      description: 'Age of the oldest open transaction in the selected databases.',
      w: 4,
      h: 4,
      unit: 's',
      steps: T.longTransaction,
      targets: [{ expr: `max(pg_stat_activity_max_tx_duration{${ID}})` }],
    }),
    stat({
      title: 'Idle in transaction',
      description: 'Sessions idle inside an open transaction: they hold locks and stop vacuum.',
      w: 4,
      h: 4,
      steps: T.anyIsWarning,
      targets: [{ expr: `sum(pg_idle_in_transaction_sessions{${ID}})` }],
    }),
    stat({
      title: 'Longest idle in transaction',
      w: 4,
      h: 4,
      unit: 's',
      steps: T.idleInTransaction,
      targets: [{ expr: `max(pg_idle_in_transaction_max_seconds{${ID}})` }],
    }),
    stat({
      title: 'Waiting for a lock',
      description: 'Sessions waiting for a heavyweight lock another session holds.',
      w: 4,
      h: 4,
      steps: T.anyIsWarning,
      targets: [{ expr: `sum(pg_blocked_sessions{${ID}})` }],
    }),
    stat({
      title: 'Longest lock wait',
      description: 'On PostgreSQL 13 measured from the start of the waiting statement (no pg_locks.waitstart).',
      w: 4,
      h: 4,
      unit: 's',
      steps: T.lockWait,
      targets: [{ expr: `max(pg_lock_wait_max_seconds{${ID}})` }],
    }),
    row('Connections'),
    timeseries({
      title: 'Connections by state',
      w: 12,
      h: 8,
      stack: true,
      targets: [{ expr: `sum by (state) (${activity})`, legend: '{{state}}' }],
    }),
    timeseries({
      title: 'Connections by database',
      w: 12,
      h: 8,
      stack: true,
      targets: [{ expr: `sum by (datname) (${activity})`, legend: '{{datname}}' }],
    }),
    timeseries({
      title: 'Connections by user',
      w: 12,
      h: 8,
      stack: true,
      targets: [{ expr: `sum by (usename) (${activity}) > 0`, legend: '{{usename}}' }],
    }),
    timeseries({
      title: 'Connections by application',
      w: 12,
      h: 8,
      stack: true,
      targets: [{ expr: `sum by (application_name) (${activity}) > 0`, legend: '{{application_name}}' }],
    }),
    timeseries({
      title: 'Active sessions by wait event',
      description: 'What active sessions are waiting for (empty wait event type: running on CPU).',
      w: 24,
      h: 8,
      stack: true,
      targets: [
        {
          expr: `sum by (wait_event_type, wait_event) (pg_stat_activity_count{${ID}, state="active"}) > 0`,
          legend: '{{wait_event_type}} {{wait_event}}',
        },
      ],
    }),
    row('Transactions and locks'),
    timeseries({
      title: 'Longest transaction',
      w: 12,
      h: 8,
      unit: 's',
      steps: T.longTransaction,
      targets: [
        { expr: `max by (datname) (pg_stat_activity_max_tx_duration{${ID}})`, legend: '{{datname}}' },
        {
          expr: `pg_long_running_transactions_oldest_timestamp_seconds{${I}}`,
          legend: 'oldest open transaction, any database',
        },
      ],
    }),
    timeseries({
      title: 'Idle in transaction',
      w: 12,
      h: 8,
      targets: [
        { expr: `pg_idle_in_transaction_sessions{${ID}}`, legend: 'sessions {{datname}}' },
        { expr: `pg_idle_in_transaction_max_seconds{${ID}}`, legend: 'longest (s) {{datname}}' },
      ],
    }),
    timeseries({
      title: 'Lock waits',
      w: 12,
      h: 8,
      targets: [
        { expr: `pg_blocked_sessions{${ID}}`, legend: 'waiting sessions {{datname}}' },
        { expr: `pg_lock_wait_max_seconds{${ID}}`, legend: 'longest wait (s) {{datname}}' },
      ],
    }),
    timeseries({
      title: 'Locks by mode',
      w: 12,
      h: 8,
      stack: true,
      targets: [{ expr: `sum by (mode) (pg_locks_count{${ID}})`, legend: '{{mode}}' }],
    }),
    ...activityLogPanels(),
  ],
});
