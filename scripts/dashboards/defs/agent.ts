// pgwarden itself: collectors, rule evaluation, notifications and the process.
import { I, RATE, row, stat, timeseries } from '../builder.js';
import { table } from '../table.js';
import { dashboard } from '../dashboard.js';
import { T } from '../thresholds.js';

const rate = (name: string) => `rate(${name}{${I}}[${RATE}])`;
const RULES = "pgwarden's own rule engine (the shipped rules unless rule_files names others).";
const NOTIFY = 'Needs receivers in the alerting section; empty until a notification was due.';

export default dashboard({
  uid: 'pgwarden-agent',
  title: 'PostgreSQL / pgwarden agent',
  description: "pgwarden's own health: collectors, rule evaluation, notifications and the process.",
  tags: ['agent'],
  variables: ['instance'],
  panels: [
    row('Collection'),
    stat({
      title: 'Database reachable',
      w: 4,
      h: 4,
      background: true,
      mappings: [
        { type: 'value', options: { '0': { color: 'red', text: 'DOWN' }, '1': { color: 'green', text: 'UP' } } },
      ],
      targets: [{ expr: `min(pg_up{${I}})` }],
    }),
    stat({
      title: 'Failing collectors',
      w: 4,
      h: 4,
      steps: T.anyIsBad,
      targets: [{ expr: `count(pg_scrape_collector_success{${I}} == 0) or vector(0)` }],
    }),
    stat({
      title: 'Last collection took',
      w: 4,
      h: 4,
      unit: 's',
      targets: [{ expr: `max(pgwarden_collection_duration_seconds{${I}})` }],
    }),
    stat({
      title: 'Series dropped by caps',
      description: "Rows cut by collectors' max_series caps (largest relations and statements are kept).",
      w: 4,
      h: 4,
      steps: T.anyIsWarning,
      targets: [{ expr: `sum(pgwarden_collector_dropped_series{${I}})` }],
    }),
    stat({
      title: 'Relations skipped (locked)',
      description: 'Relations whose size was not read because an ACCESS EXCLUSIVE lock was held or awaited.',
      w: 4,
      h: 4,
      targets: [{ expr: `sum(pgwarden_collector_skipped_relations{${I}})` }],
    }),
    stat({
      title: 'Version',
      w: 4,
      h: 4,
      targets: [{ expr: `max by (version) (pgwarden_build_info{${I}})`, legend: '{{version}}' }],
    }),
    table({
      title: 'Collectors',
      description: 'Every collector that ran in the last collection, whether it succeeded and how long it took.',
      w: 12,
      h: 10,
      hide: ['instance'],
      sortBy: 'Duration',
      targets: [
        { expr: `max by (collector) (pg_scrape_collector_success{${I}})` },
        { expr: `max by (collector) (pg_scrape_collector_duration_seconds{${I}})` },
      ],
      columns: [
        {
          name: 'Succeeded',
          mappings: [
            { type: 'value', options: { '0': { color: 'red', text: 'FAILED' }, '1': { color: 'green', text: 'ok' } } },
          ],
        },
        { name: 'Duration', unit: 's' },
      ],
    }),
    timeseries({
      title: 'Collector durations',
      w: 12,
      h: 10,
      unit: 's',
      legendTable: true,
      targets: [
        { expr: `topk(10, pg_scrape_collector_duration_seconds{${I}})`, legend: '{{collector}}' },
        { expr: `pgwarden_collection_duration_seconds{${I}}`, legend: 'whole collection' },
      ],
    }),
    timeseries({
      title: 'Collector failures',
      w: 12,
      h: 8,
      targets: [{ expr: `pg_scrape_collector_success{${I}} == 0`, legend: '{{collector}}' }],
      description: 'Collectors that failed (one point per failed collection). Empty while all succeed.',
    }),
    timeseries({
      title: 'Collections per second',
      w: 12,
      h: 8,
      unit: 'ops',
      targets: [{ expr: rate('pgwarden_collections_total'), legend: '{{instance}}' }],
    }),
    row('Rules and notifications'),
    timeseries({
      title: 'Rule group evaluations',
      description: `${RULES} Evaluations and failed evaluations per second, per rule group.`,
      w: 8,
      h: 8,
      unit: 'ops',
      targets: [
        { expr: rate('pgwarden_rule_evaluations_total'), legend: '{{rule_group}}' },
        { expr: rate('pgwarden_rule_evaluation_failures_total'), legend: 'failed {{rule_group}}' },
      ],
    }),
    timeseries({
      title: 'Rule group evaluation time',
      description: RULES,
      w: 8,
      h: 8,
      unit: 's',
      targets: [{ expr: `pgwarden_rule_group_last_duration_seconds{${I}}`, legend: '{{rule_group}}' }],
    }),
    stat({
      title: 'Last rule reload',
      description: `${RULES} A failed reload keeps the previous rules running.`,
      w: 8,
      h: 8,
      mappings: [
        { type: 'value', options: { '0': { color: 'red', text: 'FAILED' }, '1': { color: 'green', text: 'ok' } } },
      ],
      targets: [{ expr: `min(pgwarden_rules_last_reload_successful{${I}})` }],
    }),
    timeseries({
      title: 'Notifications sent and failed',
      description: `${NOTIFY} Accepted by a receiver, and failed attempts by reason (each retry counts).`,
      w: 8,
      h: 8,
      unit: 'ops',
      targets: [
        {
          expr: `sum by (receiver, integration) (${rate('pgwarden_notifications_total')})`,
          legend: 'sent {{receiver}} {{integration}}',
        },
        {
          expr: `sum by (receiver, reason) (${rate('pgwarden_notifications_failed_total')})`,
          legend: 'failed {{receiver}} {{reason}}',
        },
      ],
    }),
    timeseries({
      title: 'Notifications pending',
      description: `${NOTIFY} Due but not yet accepted by their receiver (the durable outbox).`,
      w: 8,
      h: 8,
      steps: T.anyIsWarning,
      targets: [{ expr: `pgwarden_outbox_pending{${I}}`, legend: 'pending' }],
    }),
    timeseries({
      title: 'Notification latency',
      description: `${NOTIFY} Mean time from due to accepted, over the rate window.`,
      w: 8,
      h: 8,
      unit: 's',
      targets: [
        {
          expr:
            `sum by (receiver) (${rate('pgwarden_notification_latency_seconds_sum')}) / ` +
            `(sum by (receiver) (${rate('pgwarden_notification_latency_seconds_count')}) > 0)`,
          legend: '{{receiver}}',
        },
      ],
    }),
    row('Process'),
    timeseries({
      title: 'CPU',
      w: 8,
      h: 8,
      unit: 'percentunit',
      targets: [{ expr: rate('process_cpu_seconds_total'), legend: '{{instance}}' }],
    }),
    timeseries({
      title: 'Memory',
      w: 8,
      h: 8,
      unit: 'bytes',
      targets: [
        { expr: `process_resident_memory_bytes{${I}}`, legend: 'resident' },
        { expr: `nodejs_heap_size_used_bytes{${I}}`, legend: 'heap used' },
      ],
    }),
    timeseries({
      title: 'Event loop lag',
      description: 'How late timers fire: a busy event loop delays collections and scrapes.',
      w: 8,
      h: 8,
      unit: 's',
      targets: [{ expr: `nodejs_eventloop_lag_p99_seconds{${I}}`, legend: 'p99' }],
    }),
  ],
});
