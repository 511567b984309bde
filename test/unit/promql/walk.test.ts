import { describe, expect, it } from 'vitest';
import { metricNamesRead, nameMatches, parsePromql, type MetricNameFilter } from '../../../src/promql/index.js';
import { metricsToKeep } from '../../../src/agent/alert-engine.js';

describe('metricNamesRead', () => {
  it.each([
    ['pg_up == 0', ['pg_up']],
    [
      'rate(pg_stat_database_xact_commit[5m]) / on(instance) pg_settings_max_connections',
      ['pg_settings_max_connections', 'pg_stat_database_xact_commit'],
    ],
    ['absent(pg_backup_last_success_timestamp_seconds{type="full"})', ['pg_backup_last_success_timestamp_seconds']],
    ['sum by (datname) ({__name__="pg_x", job="a"}) > scalar(pg_y)', ['pg_x', 'pg_y']],
    ['time() - 5', []],
  ])('%s', (text, names) => {
    const read = metricNamesRead(parsePromql(text));
    expect(read === 'any' ? read : [...read.names].sort()).toEqual(names);
  });

  it('keeps __name__ regexes as anchored patterns', () => {
    const read = metricNamesRead(
      parsePromql('max({__name__=~"pg_stat_user_tables_last_(auto)?vacuum"}) > 1'),
    ) as MetricNameFilter;
    expect(nameMatches(read, 'pg_stat_user_tables_last_vacuum')).toBe(true);
    expect(nameMatches(read, 'pg_stat_user_tables_last_autovacuum')).toBe(true);
    expect(nameMatches(read, 'pg_stat_user_tables_last_vacuum_count')).toBe(false);
    expect(nameMatches(read, 'xpg_stat_user_tables_last_vacuum')).toBe(false);
  });

  it.each(['{job="pgwarden"}', 'count({__name__!="pg_up", job="x"})', 'pg_up or {instance="a"}'])(
    '%s reads any metric',
    (text) => {
      expect(metricNamesRead(parsePromql(text))).toBe('any');
    },
  );
});

describe('metricsToKeep', () => {
  it("keeps the rules' metrics and the agent's health", () => {
    const keep = metricsToKeep([parsePromql('pg_stat_activity_max_tx_duration > 3600')]);
    expect(keep === 'any' ? keep : [...keep.names].sort()).toEqual([
      'pg_scrape_collector_success',
      'pg_stat_activity_max_tx_duration',
      'pg_up',
    ]);
  });
  it('keeps everything when one expression reads any metric', () => {
    expect(metricsToKeep([parsePromql('pg_up'), parsePromql('{job="x"}')])).toBe('any');
  });
});
