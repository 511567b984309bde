// Tables and indexes: size, dead tuples, vacuum/analyze history, scans, unused and invalid indexes.
import { bargauge, ID, RATE, row, stat, timeseries } from '../builder.js';
import { table } from '../table.js';
import { dashboard } from '../dashboard.js';
import { NEVER_MAPPING, T } from '../thresholds.js';

const rel = 'by (datname, schemaname, relname)';
const idx = 'by (datname, schemaname, relname, indexrelname)';
const t = (name: string) => `max ${rel} (pg_stat_user_tables_${name}{${ID}})`;
const live = t('n_live_tup');
const dead = t('n_dead_tup');
const deadRatio = `${dead} / (${live} + ${dead} > 0)`;
const relLegend = '{{datname}}.{{schemaname}}.{{relname}}';
const idxLegend = '{{datname}}.{{schemaname}}.{{indexrelname}}';
const TIME_COLUMN = { unit: 'dateTimeFromNow', mappings: NEVER_MAPPING };

export default dashboard({
  uid: 'pgwarden-tables',
  title: 'PostgreSQL / Tables and indexes',
  description: 'The largest tables, dead tuples, vacuum and analyze history, scans, unused and invalid indexes.',
  tags: ['tables'],
  variables: ['instance', 'database'],
  panels: [
    row('Tables'),
    bargauge({
      title: 'Largest tables',
      description: 'Table size without indexes (pg_table_size), the 15 largest of the selected databases.',
      w: 12,
      h: 9,
      unit: 'bytes',
      targets: [{ expr: `topk(15, ${t('table_size_bytes')})`, legend: relLegend }],
    }),
    bargauge({
      title: 'Highest dead tuple ratio',
      description: 'Dead / (live + dead) rows: tables autovacuum is not keeping up with (bloat).',
      w: 12,
      h: 9,
      unit: 'percentunit',
      min: 0,
      max: 1,
      steps: T.deadTupleRatio,
      targets: [{ expr: `topk(15, ${deadRatio})`, legend: relLegend }],
    }),
    table({
      title: 'Table statistics',
      description:
        'Per table: sizes, live and dead rows, the dead ratio, and when it was last vacuumed and analyzed, by hand ' +
        'or by autovacuum ("never" when it has not been).',
      w: 24,
      h: 10,
      sortBy: 'Table size',
      targets: [
        { expr: t('table_size_bytes') },
        { expr: t('index_size_bytes') },
        { expr: live },
        { expr: dead },
        { expr: deadRatio },
        { expr: `${t('last_vacuum')} * 1000` },
        { expr: `${t('last_autovacuum')} * 1000` },
        { expr: `${t('last_analyze')} * 1000` },
        { expr: `${t('last_autoanalyze')} * 1000` },
      ],
      columns: [
        { name: 'Table size', unit: 'bytes' },
        { name: 'Index size', unit: 'bytes' },
        { name: 'Live rows', unit: 'short' },
        { name: 'Dead rows', unit: 'short' },
        { name: 'Dead ratio', unit: 'percentunit', steps: T.deadTupleRatio },
        { name: 'Last vacuum', ...TIME_COLUMN },
        { name: 'Last autovacuum', ...TIME_COLUMN },
        { name: 'Last analyze', ...TIME_COLUMN },
        { name: 'Last autoanalyze', ...TIME_COLUMN },
      ],
    }),
    timeseries({
      title: 'Dead tuples',
      w: 12,
      h: 8,
      unit: 'short',
      targets: [{ expr: `topk(10, ${dead})`, legend: relLegend }],
    }),
    timeseries({
      title: 'Vacuum and analyze runs',
      description: 'Manual and autovacuum runs, and analyze runs, over the rate window, per table.',
      w: 12,
      h: 8,
      bars: true,
      decimals: 0,
      targets: ['vacuum', 'autovacuum', 'analyze', 'autoanalyze'].map((what) => ({
        expr: `sum ${rel} (increase(pg_stat_user_tables_${what}_count{${ID}}[${RATE}])) > 0`,
        legend: `${what} ${relLegend}`,
      })),
    }),
    timeseries({
      title: 'Sequential scans',
      description: 'Sequential scans per second; a large table read mostly this way may lack an index.',
      w: 12,
      h: 8,
      unit: 'ops',
      targets: [
        { expr: `topk(10, sum ${rel} (rate(pg_stat_user_tables_seq_scan{${ID}}[${RATE}])))`, legend: relLegend },
      ],
    }),
    timeseries({
      title: 'Index scans',
      w: 12,
      h: 8,
      unit: 'ops',
      targets: [
        { expr: `topk(10, sum ${rel} (rate(pg_stat_user_tables_idx_scan{${ID}}[${RATE}])))`, legend: relLegend },
      ],
    }),
    timeseries({
      title: 'Rows read by sequential scans',
      w: 12,
      h: 8,
      unit: 'rowsps',
      targets: [
        { expr: `topk(10, sum ${rel} (rate(pg_stat_user_tables_seq_tup_read{${ID}}[${RATE}])))`, legend: relLegend },
      ],
    }),
    timeseries({
      title: 'Table cache hit ratio',
      description: 'Heap blocks found in shared buffers / heap blocks requested, over the rate window.',
      w: 12,
      h: 8,
      unit: 'percentunit',
      max: 1,
      steps: T.cacheHit,
      targets: [
        {
          expr:
            `bottomk(10, sum ${rel} (rate(pg_statio_user_tables_heap_blocks_hit{${ID}}[${RATE}])) / ` +
            `(sum ${rel} (rate(pg_statio_user_tables_heap_blocks_hit{${ID}}[${RATE}])) + ` +
            `sum ${rel} (rate(pg_statio_user_tables_heap_blocks_read{${ID}}[${RATE}])) > 0))`,
          legend: relLegend,
        },
      ],
    }),
    row('Indexes'),
    table({
      title: 'Unused indexes',
      description:
        'Indexes never scanned since the statistics were reset, with their size (what dropping them frees). ' +
        'Check replicas and rare jobs before dropping; indexes backing constraints are listed too.',
      w: 12,
      h: 9,
      sortBy: 'Size',
      targets: [
        {
          expr:
            `max ${idx} (pg_stat_user_indexes_size_bytes{${ID}}) and on (datname, schemaname, relname, indexrelname) ` +
            `(pg_stat_user_indexes_idx_scan_total{${ID}} == 0)`,
        },
      ],
      columns: [{ name: 'Size', unit: 'bytes' }],
    }),
    bargauge({
      title: 'Largest indexes',
      w: 12,
      h: 9,
      unit: 'bytes',
      targets: [{ expr: `topk(15, max ${idx} (pg_stat_user_indexes_size_bytes{${ID}}))`, legend: idxLegend }],
    }),
    timeseries({
      title: 'Index scans by index',
      w: 12,
      h: 8,
      unit: 'ops',
      targets: [
        {
          expr: `topk(10, sum ${idx} (rate(pg_stat_user_indexes_idx_scan_total{${ID}}[${RATE}])))`,
          legend: idxLegend,
        },
      ],
    }),
    stat({
      title: 'Invalid indexes',
      description: 'Indexes left invalid by a failed CREATE/REINDEX CONCURRENTLY: they slow writes and serve no read.',
      w: 6,
      h: 8,
      steps: T.anyIsBad,
      targets: [{ expr: `count(pg_index_invalid{${ID}}) or vector(0)` }],
    }),
    bargauge({
      title: 'Sequences closest to their limit',
      description:
        'Share of each sequence range used. Absent for sequences never used or not readable by the monitoring ' +
        'role (pg_monitor cannot read sequence values: GRANT SELECT on them).',
      w: 6,
      h: 8,
      unit: 'percentunit',
      min: 0,
      max: 1,
      steps: T.sequenceUsed,
      targets: [
        { expr: `topk(10, pg_sequence_used_ratio{${ID}})`, legend: '{{datname}}.{{schemaname}}.{{sequencename}}' },
      ],
    }),
    row('Maintenance in progress'),
    bargauge({
      title: 'Running vacuums',
      description:
        'Progress of the VACUUMs running right now (pg_stat_progress_vacuum): empty while none runs, which is ' +
        'most of the time on a small database.',
      w: 24,
      h: 6,
      unit: 'percentunit',
      min: 0,
      max: 1,
      targets: [
        {
          expr: `pg_stat_progress_vacuum_heap_blks_scanned{${ID}} / (pg_stat_progress_vacuum_heap_blks{${ID}} > 0)`,
          legend: '{{datname}}.{{relname}}',
        },
      ],
    }),
  ],
});
