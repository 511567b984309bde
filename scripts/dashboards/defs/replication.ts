// Replication, WAL and checkpoints.
import { I, RATE, row, stat, timeseries } from '../builder.js';
import { table } from '../table.js';
import { dashboard } from '../dashboard.js';
import { ROLE_MAPPING, T } from '../thresholds.js';

const rate = (name: string) => `rate(${name}{${I}}[${RATE}])`;
/** PostgreSQL 17 moved checkpoint counters from pg_stat_bgwriter to pg_stat_checkpointer: read whichever exists. */
const checkpoint = (v17: string, before17: string) =>
  `${rate(`pg_stat_checkpointer_${v17}`)} or ${rate(`pg_stat_bgwriter_${before17}`)}`;
const BOTH_VERSIONS = 'pg_stat_checkpointer on PostgreSQL 17 and later, pg_stat_bgwriter before.';
const SLOT = 'Needs a replication slot (pg_replication_slots); empty on a server without slots.';

export default dashboard({
  uid: 'pgwarden-replication',
  title: 'PostgreSQL / Replication, WAL and checkpoints',
  description: 'Replication role and lag, slots and the WAL they retain, archiving, WAL volume and checkpoints.',
  tags: ['replication', 'wal'],
  variables: ['instance'],
  panels: [
    row('Replication'),
    stat({
      title: 'Role',
      w: 4,
      h: 4,
      mappings: ROLE_MAPPING,
      targets: [{ expr: `max(pg_replication_is_replica{${I}})` }],
    }),
    stat({
      title: 'Replay lag',
      description:
        'Replica-only: time since the last replayed transaction while WAL is pending. Always 0 on a primary.',
      w: 4,
      h: 4,
      unit: 's',
      steps: T.replicationLag,
      targets: [{ expr: `max(pg_replication_lag_seconds{${I}})` }],
    }),
    stat({
      title: 'Standbys connected',
      description: 'Primary-side: standbys in pg_stat_replication.',
      w: 4,
      h: 4,
      targets: [{ expr: `count(pg_stat_replication_pg_wal_lsn_diff{${I}}) or vector(0)` }],
    }),
    stat({
      title: 'Replication slots',
      description: 'Slots on this server, and how many are inactive (an inactive slot retains WAL forever).',
      w: 4,
      h: 4,
      targets: [
        { expr: `count(pg_replication_slots_slot_is_active{${I}}) or vector(0)`, legend: 'slots' },
        { expr: `count(pg_replication_slots_slot_is_active{${I}} == 0) or vector(0)`, legend: 'inactive' },
      ],
    }),
    stat({
      title: 'WAL in pg_wal',
      w: 4,
      h: 4,
      unit: 'bytes',
      targets: [{ expr: `pg_wal_size_bytes{${I}}` }],
    }),
    stat({
      title: 'Archive failures in range',
      w: 4,
      h: 4,
      steps: T.anyIsBad,
      decimals: 0,
      targets: [{ expr: `increase(pg_stat_archiver_failed_count{${I}}[$__range])` }],
    }),
    timeseries({
      title: 'Standby lag (bytes behind)',
      description: 'Primary-only, with standbys: how far each standby is behind the current WAL position.',
      w: 12,
      h: 8,
      unit: 'bytes',
      targets: [{ expr: `pg_stat_replication_pg_wal_lsn_diff{${I}}`, legend: '{{application_name}} {{client_addr}}' }],
    }),
    timeseries({
      title: 'Replay lag',
      description:
        'Replica-only: replay lag, and time since the last replayed transaction (which grows on an idle primary ' +
        'too: read it together with the lag).',
      w: 12,
      h: 8,
      unit: 's',
      steps: T.replicationLag,
      targets: [
        {
          expr: `pg_replication_lag_seconds{${I}} and on (instance) (pg_replication_is_replica{${I}} == 1)`,
          legend: 'lag',
        },
        {
          expr: `pg_replication_last_replay_seconds{${I}} and on (instance) (pg_replication_is_replica{${I}} == 1)`,
          legend: 'since last replay',
        },
      ],
    }),
    timeseries({
      title: 'WAL receiver',
      description: 'Replica-only (pg_stat_wal_receiver): seconds since the last message from the primary.',
      w: 12,
      h: 8,
      unit: 's',
      targets: [
        { expr: `time() - pg_stat_wal_receiver_last_msg_receipt_time{${I}}`, legend: '{{upstream_host}} {{status}}' },
      ],
    }),
    timeseries({
      title: 'WAL retained by slots',
      description: `${SLOT} WAL the server keeps for each slot's consumer.`,
      w: 12,
      h: 8,
      unit: 'bytes',
      steps: T.slotRetainedWal,
      targets: [{ expr: `pg_replication_slots_pg_wal_lsn_diff{${I}}`, legend: '{{slot_name}}' }],
    }),
    table({
      title: 'Replication slots',
      description:
        `${SLOT} Active: a consumer is connected. Safe WAL size: how much more WAL the slot may retain before it ` +
        'is invalidated (only with max_slot_wal_keep_size set).',
      w: 16,
      h: 6,
      hide: ['instance'],
      sortBy: 'slot_name',
      targets: [
        { expr: `max by (slot_name, slot_type) (pg_replication_slots_slot_is_active{${I}})` },
        { expr: `max by (slot_name, slot_type) (pg_replication_slots_pg_wal_lsn_diff{${I}})` },
        { expr: `max by (slot_name, slot_type) (pg_replication_slots_safe_wal_size_bytes{${I}})` },
      ],
      columns: [
        {
          name: 'Active',
          mappings: [{ type: 'value', options: { '0': { text: 'no', color: 'orange' }, '1': { text: 'yes' } } }],
        },
        { name: 'Retained WAL', unit: 'bytes', steps: T.slotRetainedWal },
        { name: 'Safe WAL size', unit: 'bytes' },
      ],
    }),
    table({
      title: 'Slot WAL status',
      description: `${SLOT} reserved or extended: fine; unreserved: about to lose WAL; lost: the slot is unusable.`,
      w: 8,
      h: 6,
      hide: ['Value', 'instance', 'slot_type'],
      sortBy: 'slot_name',
      targets: [{ expr: `max by (slot_name, wal_status) (pg_replication_slots_wal_status{${I}} == 1)` }],
      columns: [{ name: 'Value' }],
    }),
    row('WAL and archiving'),
    timeseries({
      title: 'WAL generated',
      description: 'Bytes of WAL written per second (pg_stat_wal, PostgreSQL 14 and later).',
      w: 8,
      h: 8,
      unit: 'Bps',
      targets: [{ expr: rate('pg_stat_wal_bytes_total'), legend: 'WAL' }],
    }),
    timeseries({
      title: 'WAL directory',
      w: 8,
      h: 8,
      unit: 'bytes',
      targets: [{ expr: `pg_wal_size_bytes{${I}}`, legend: 'size of pg_wal' }],
    }),
    timeseries({
      title: 'Archiver',
      description: 'WAL files archived and failed per second (pg_stat_archiver).',
      w: 8,
      h: 8,
      unit: 'ops',
      targets: [
        { expr: rate('pg_stat_archiver_archived_count'), legend: 'archived' },
        { expr: rate('pg_stat_archiver_failed_count'), legend: 'failed' },
      ],
    }),
    stat({
      title: 'Last WAL archived',
      description:
        'Seconds since the archiver last archived a file: empty when archive_mode is off or nothing was archived yet.',
      w: 8,
      h: 4,
      unit: 's',
      steps: T.walArchiveAge,
      targets: [{ expr: `pg_stat_archiver_last_archive_age{${I}}` }],
    }),
    row('Checkpoints and background writer'),
    timeseries({
      title: 'Checkpoints',
      description: `Timed and requested checkpoints per second; many requested ones mean max_wal_size is too small. ${BOTH_VERSIONS}`,
      w: 8,
      h: 8,
      unit: 'ops',
      targets: [
        { expr: checkpoint('num_timed_total', 'checkpoints_timed_total'), legend: 'timed' },
        { expr: checkpoint('num_requested_total', 'checkpoints_req_total'), legend: 'requested' },
      ],
    }),
    timeseries({
      title: 'Checkpoint write and sync time',
      description: `Milliseconds per second spent writing and syncing checkpoint files. ${BOTH_VERSIONS}`,
      w: 8,
      h: 8,
      unit: 'ms',
      targets: [
        { expr: checkpoint('write_time_total', 'checkpoint_write_time_total'), legend: 'write' },
        { expr: checkpoint('sync_time_total', 'checkpoint_sync_time_total'), legend: 'sync' },
      ],
    }),
    timeseries({
      title: 'Buffers written',
      description: `Buffers written by checkpoints and by the background writer, and allocated, per second. ${BOTH_VERSIONS}`,
      w: 8,
      h: 8,
      unit: 'ops',
      targets: [
        { expr: checkpoint('buffers_written_total', 'buffers_checkpoint_total'), legend: 'checkpoint' },
        { expr: rate('pg_stat_bgwriter_buffers_clean_total'), legend: 'background writer' },
        { expr: rate('pg_stat_bgwriter_buffers_alloc_total'), legend: 'allocated' },
      ],
    }),
    timeseries({
      title: 'I/O by process type',
      description:
        'Reads and writes (from and to the kernel) and shared-buffer hits per second by process type (pg_stat_io, ' +
        'PostgreSQL 16 and later).',
      w: 24,
      h: 8,
      unit: 'ops',
      targets: [
        { expr: `sum by (backend_type) (${rate('pg_stat_io_reads_total')}) > 0`, legend: 'read {{backend_type}}' },
        { expr: `sum by (backend_type) (${rate('pg_stat_io_writes_total')}) > 0`, legend: 'write {{backend_type}}' },
        { expr: `sum by (backend_type) (${rate('pg_stat_io_hits_total')}) > 0`, legend: 'buffer hit {{backend_type}}' },
      ],
    }),
  ],
});
