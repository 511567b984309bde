import { describe, expect, it } from 'vitest';
import { expectVector, MIN, storeFrom, vectorAt } from './helpers.js';

// Expressions in the style of awesome-prometheus-alerts / pgMonitor PostgreSQL rules, evaluated on a small fleet.
// Sampled every minute for 20 minutes; queries run at the last sample.
const T = 20 * MIN;
const store = storeFrom({
  'pg_up{instance="db1:9187", job="postgres"}': '1x20',
  'pg_up{instance="db2:9187", job="postgres"}': '1x15 0x5',
  'pg_settings_max_connections{instance="db1:9187"}': '100x20',
  'pg_settings_max_connections{instance="db2:9187"}': '100x20',
  'pg_stat_activity_count{instance="db1:9187", datname="app", state="active"}': '50x20',
  'pg_stat_activity_count{instance="db1:9187", datname="app", state="idle in transaction"}': '35x20',
  'pg_stat_activity_count{instance="db1:9187", datname="postgres", state="active"}': '30x20',
  'pg_stat_activity_count{instance="db2:9187", datname="app", state="active"}': '10x20',
  'pg_replication_lag{instance="db1:9187"}': '0x20',
  'pg_replication_lag{instance="db2:9187"}': '0+5x20',
  'pg_replication_is_replica{instance="db1:9187"}': '0x20',
  'pg_replication_is_replica{instance="db2:9187"}': '1x20',
  'pg_stat_database_deadlocks{instance="db1:9187", datname="app"}': '0+600x20',
  'pg_stat_database_blks_hit{instance="db1:9187", datname="app"}': '0+800x20',
  'pg_stat_database_blks_read{instance="db1:9187", datname="app"}': '0+200x20',
  'pg_stat_user_tables_n_dead_tup{instance="db1:9187", relname="orders"}': '20000x20',
  'pg_stat_user_tables_n_live_tup{instance="db1:9187", relname="orders"}': '80000x20',
  'pg_stat_user_tables_last_autovacuum{instance="db1:9187", relname="orders"}': '0x20',
  'node_filesystem_avail_bytes{instance="db1:9100", mountpoint="/"}': '1000000-1000x20',
});

describe('real-world PostgreSQL alert expressions', () => {
  it.each<[string, Record<string, number>]>([
    ['pg_up == 0', { 'pg_up{instance="db2:9187",job="postgres"}': 0 }],
    ['absent(pg_up{job="postgres"})', {}],
    ['absent(pg_up{job="pgbouncer"})', { '{job="pgbouncer"}': 1 }],
    [
      'sum by (instance) (pg_stat_activity_count{datname!~"template.*|postgres"}) > on(instance) pg_settings_max_connections * 0.8',
      { '{instance="db1:9187"}': 85 },
    ],
    [
      'pg_replication_lag > 30 and on(instance) pg_replication_is_replica == 1',
      { 'pg_replication_lag{instance="db2:9187"}': 100 },
    ],
    // 600 deadlocks per minute = 10/s
    [
      'rate(pg_stat_database_deadlocks{datname!~"template.*|postgres"}[5m]) > 5',
      { '{datname="app",instance="db1:9187"}': 10 },
    ],
    [
      'sum by (instance) (rate(pg_stat_database_blks_hit[5m])) / (sum by (instance) (rate(pg_stat_database_blks_hit[5m])) + sum by (instance) (rate(pg_stat_database_blks_read[5m]))) < 0.9',
      { '{instance="db1:9187"}': 0.8 },
    ],
    [
      '(pg_stat_user_tables_n_dead_tup > 10000) / (pg_stat_user_tables_n_live_tup + pg_stat_user_tables_n_dead_tup) >= 0.1',
      { '{instance="db1:9187",relname="orders"}': 0.2 },
    ],
    ['(time() - pg_stat_user_tables_last_autovacuum) > 60 * 10', { '{instance="db1:9187",relname="orders"}': 1200 }],
    [
      'avg_over_time(pg_stat_activity_count{state="idle in transaction"}[5m]) > 10',
      { '{datname="app",instance="db1:9187",state="idle in transaction"}': 35 },
    ],
    // 1 000 000 - 1000 per minute, 980 000 left at 20m: empty in 980 minutes, so within 24h
    [
      'predict_linear(node_filesystem_avail_bytes{mountpoint="/"}[10m], 24 * 3600) < 0',
      { '{instance="db1:9100",mountpoint="/"}': 980000 - 24 * 60 * 1000 },
    ],
    [
      'label_replace(pg_up, "host", "$1", "instance", "([^:]+):.*") == 0',
      { 'pg_up{host="db2",instance="db2:9187",job="postgres"}': 0 },
    ],
    ['topk(1, sum by (instance) (pg_stat_activity_count))', { '{instance="db1:9187"}': 115 }],
    ['count by (instance) (pg_stat_activity_count{state="active"}) >= 2', { '{instance="db1:9187"}': 2 }],
    ['max_over_time(pg_up[10m]) - min_over_time(pg_up[10m]) > 0', { '{instance="db2:9187",job="postgres"}': 1 }],
    ['changes(pg_up[10m]) > 0', { '{instance="db2:9187",job="postgres"}': 1 }],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, T), expected);
  });

  it('counts the whole fleet', () => {
    expect(Object.values(vectorAt(store, 'count(pg_up)', T))).toEqual([2]);
  });
});
