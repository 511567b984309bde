// Queries: the most expensive statements from pg_stat_statements.
import { I, ID, RATE, row, timeseries } from '../builder.js';
import { table } from '../table.js';
import { dashboard } from '../dashboard.js';

const key = 'by (datname, user, queryid)';
const stmt = (name: string) => `pg_stat_statements_${name}{${ID}}`;
const inRange = (name: string) => `sum ${key} (increase(${stmt(name)}[$__range]))`;
const perSecond = (name: string) => `sum ${key} (rate(${stmt(name)}[${RATE}]))`;
const legend = '{{datname}} {{user}} {{queryid}}';
const NEEDS =
  'Needs the pg_stat_statements extension (shared_preload_libraries and CREATE EXTENSION in the database pgwarden ' +
  'connects to). pgwarden keeps the top 100 statements by total time.';

export default dashboard({
  uid: 'pgwarden-queries',
  title: 'PostgreSQL / Queries',
  description: 'Top statements by total time, calls, mean time and rows, from pg_stat_statements.',
  tags: ['queries'],
  variables: ['instance', 'database'],
  panels: [
    row('Top statements in the time range'),
    table({
      title: 'Top statements',
      description: `${NEEDS} Totals over the dashboard's time range; queryid matches pg_stat_statements.queryid.`,
      w: 24,
      h: 10,
      sortBy: 'Total time',
      targets: [
        { expr: `topk(50, ${inRange('seconds_total')})` },
        { expr: inRange('calls_total') },
        { expr: `${inRange('seconds_total')} / (${inRange('calls_total')} > 0)` },
        { expr: inRange('rows_total') },
        { expr: `${inRange('block_read_seconds_total')} + ${inRange('block_write_seconds_total')}` },
      ],
      columns: [
        { name: 'Total time', unit: 's' },
        { name: 'Calls', unit: 'short', decimals: 0 },
        { name: 'Mean time', unit: 's' },
        { name: 'Rows', unit: 'short', decimals: 0 },
        { name: 'Block I/O time', unit: 's' },
      ],
    }),
    table({
      title: 'Statement texts',
      description:
        'queryid to statement text (cut at 120 characters). Empty unless the stat_statements_query collector is ' +
        'enabled (collectors.enable), which is off by default because statement texts can hold literals.',
      w: 24,
      h: 6,
      hide: ['Value', 'instance'],
      sortBy: 'queryid',
      targets: [{ expr: `pg_stat_statements_query_id{${I}}` }],
      columns: [{ name: 'Value' }],
    }),
    row('Over time'),
    timeseries({
      title: 'Time spent per second',
      description: `${NEEDS} Seconds of execution per second: the share of the server's time each statement takes.`,
      w: 12,
      h: 8,
      unit: 's',
      targets: [{ expr: `topk(10, ${perSecond('seconds_total')})`, legend }],
    }),
    timeseries({
      title: 'Calls per second',
      description: NEEDS,
      w: 12,
      h: 8,
      unit: 'ops',
      targets: [{ expr: `topk(10, ${perSecond('calls_total')})`, legend }],
    }),
    timeseries({
      title: 'Mean time per call',
      description: NEEDS,
      w: 12,
      h: 8,
      unit: 's',
      targets: [{ expr: `topk(10, ${perSecond('seconds_total')} / (${perSecond('calls_total')} > 0))`, legend }],
    }),
    timeseries({
      title: 'Rows per second',
      description: NEEDS,
      w: 12,
      h: 8,
      unit: 'rowsps',
      targets: [{ expr: `topk(10, ${perSecond('rows_total')})`, legend }],
    }),
  ],
});
