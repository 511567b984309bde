import { describe, expect, it } from 'vitest';
import { findThreshold, needsTwoSamples, readsBackupMetrics, withThreshold } from '../../../src/check/rule-expr.js';
import { evaluateInstant, parsePromql, SampleStore } from '../../../src/promql/index.js';

describe('findThreshold', () => {
  it.each([
    ['pg_up == 0', { op: '==', value: 0 }],
    ['pg_idle_in_transaction_max_seconds > 300', { op: '>', value: 300 }],
    ['(x / y) < 0.9 and rate(z[5m]) > 10', { op: '<', value: 0.9 }],
    ['time() - (pg_backup_last_success_timestamp_seconds > 0) > 93600', { op: '>', value: 93600 }],
    ['a > 3600 or b > 3600', { op: '>', value: 3600 }],
    ['(a >= 2) unless b', { op: '>=', value: 2 }],
    ['a > 3600 or b > 60', undefined],
    ['a > bool 3', undefined],
    ['3 < a', undefined],
    ['a > b', undefined],
    ['sum(a)', undefined],
  ])('%s → %j', (expr, threshold) => {
    expect(findThreshold(parsePromql(expr))).toEqual(threshold);
  });
});

describe('withThreshold', () => {
  const store = new SampleStore({ retentionMs: 3_600_000 });
  store.append({ __name__: 'a', k: '1' }, 1000, 5);
  store.append({ __name__: 'b', k: '1' }, 1000, 50);
  store.append({ __name__: 'c', k: '2' }, 1000, 50);
  const values = (text: string, threshold: number) => {
    const expr = withThreshold(parsePromql(text), threshold);
    if (!expr) return undefined;
    const v = evaluateInstant(expr, store, 1000);
    return v.resultType === 'vector' ? v.result.map((s) => s.value) : [];
  };

  it.each([
    ['a > 10', 4, [5]],
    ['a > 10', 5, []],
    ['a > 3 and b > 10', 4, [5]],
    ['a > 3 and b > 10', 6, []],
    ['a > 100 or c > 100', 1, [5, 50]],
    ['a > 100 or c > 100', 10, [50]],
    ['(a > 100)', 1, [5]],
  ])('%s with threshold %s selects %j', (text, threshold, result) => {
    expect(values(text, threshold)).toEqual(result);
  });

  it('rejects shapes without a threshold', () => {
    expect(values('a > b', 1)).toBeUndefined();
    expect(values('sum(a)', 1)).toBeUndefined();
  });
});

describe('needsTwoSamples / readsBackupMetrics', () => {
  it.each([
    ['pg_up == 0', false, false],
    ['increase(pg_stat_database_deadlocks[5m]) > 5', true, false],
    ['sum by (d) (rate(x[5m])) / sum(irate(y[1m]))', true, false],
    ['max_over_time(x[5m]) > 1', false, false],
    ['time() - pg_backup_last_success_timestamp_seconds > 1', false, true],
    ['time() - pg_wal_archive_last_timestamp_seconds > 1 or pg_stat_archiver_last_archive_age > 1', false, true],
    ['changes(pg_backrest_stanza_status[1h]) > 0', true, true],
  ])('%s → two samples %s, backups %s', (text, two, backups) => {
    const expr = parsePromql(text);
    expect(needsTwoSamples(expr)).toBe(two);
    expect(readsBackupMetrics(expr)).toBe(backups);
  });
});
