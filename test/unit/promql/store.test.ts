import { describe, expect, it } from 'vitest';
import { SampleStore } from '../../../src/promql/index.js';
import { expectVector, MIN, vectorAt } from './helpers.js';

const up = (instance: string) => ({ __name__: 'up', instance });

describe('SampleStore', () => {
  it('selects points within [start, end] in time order', () => {
    const store = new SampleStore({ retentionMs: 3600_000 });
    for (let t = 0; t <= 10; t++) store.append(up('a'), t * 1000, t);
    const [series] = store.select([{ name: '__name__', type: '=', value: 'up' }], 3000, 5000);
    expect(series?.points).toEqual([
      { t: 3000, v: 3 },
      { t: 4000, v: 4 },
      { t: 5000, v: 5 },
    ]);
  });

  it('replaces a sample at the same timestamp and ignores older ones', () => {
    const store = new SampleStore({ retentionMs: 3600_000 });
    store.append(up('a'), 2000, 1);
    store.append(up('a'), 2000, 2);
    store.append(up('a'), 1000, 3);
    expect(store.select([{ name: 'instance', type: '=', value: 'a' }], 0, 5000)[0]?.points).toEqual([
      { t: 2000, v: 2 },
    ]);
    expect(store.stats()).toEqual({ series: 1, points: 1 });
  });

  it('drops points older than the retention and forgets series that stopped', () => {
    const store = new SampleStore({ retentionMs: 10 * MIN });
    store.append(up('gone'), 0, 1);
    for (let m = 0; m <= 60; m++) store.append(up('a'), m * MIN, m);
    // 'a' keeps minutes 50..60; 'gone' is swept once time moved past its retention
    expect(store.stats()).toEqual({ series: 1, points: 11 });
    store.setRetention(2 * MIN);
    store.append(up('a'), 61 * MIN, 61);
    expect(store.stats()).toEqual({ series: 1, points: 3 });
  });

  it('appendScrape writes staleness markers for series that vanished from the same source', () => {
    const store = new SampleStore({ retentionMs: 3600_000 });
    store.appendScrape(
      'db1',
      [
        { labels: up('a'), value: 1 },
        { labels: up('b'), value: 1 },
      ],
      0,
    );
    store.appendScrape('db2', [{ labels: up('c'), value: 1 }], 0);
    store.appendScrape('db1', [{ labels: up('a'), value: 1 }], 15_000);
    // b ended at 15s although its last sample is within the lookback; c belongs to another source and stays.
    expectVector(vectorAt(store, 'up', 20_000), { 'up{instance="a"}': 1, 'up{instance="c"}': 1 });
    // b comes back
    store.appendScrape(
      'db1',
      [
        { labels: up('a'), value: 1 },
        { labels: up('b'), value: 0 },
      ],
      30_000,
    );
    expectVector(vectorAt(store, 'up', 30_000), {
      'up{instance="a"}': 1,
      'up{instance="b"}': 0,
      'up{instance="c"}': 1,
    });
  });
});

describe('SampleStore: a failed scrape', () => {
  it('ends every series of that source when called with no samples', () => {
    const store = new SampleStore({ retentionMs: 3600_000 });
    store.appendScrape('db1', [{ labels: up('a'), value: 1 }], 0);
    store.appendScrape('db1', [], 15_000);
    expectVector(vectorAt(store, 'up', 14_999), { 'up{instance="a"}': 1 });
    expectVector(vectorAt(store, 'up', 15_000), {});
    expectVector(vectorAt(store, 'absent(up{instance="a"})', 15_000), { '{instance="a"}': 1 });
  });
});

describe('SampleStore and empty label values', () => {
  it('stores a label with an empty value as no label (collectors emit usename="")', () => {
    const store = new SampleStore({ retentionMs: 3600_000 });
    store.append({ __name__: 'pg_stat_activity_count', usename: '', datname: 'app' }, 1000, 3);
    const [series] = store.select([{ name: '__name__', type: '=', value: 'pg_stat_activity_count' }], 0, 2000);
    expect(series?.labels).toEqual({ __name__: 'pg_stat_activity_count', datname: 'app' });
  });

  it('keeps empty labels out of aggregation groups and vector matching results', () => {
    const store = new SampleStore({ retentionMs: 3600_000 });
    store.appendScrape('t', [{ labels: { __name__: 'x', database: '', instance: 'a' }, value: 1 }], 1000);
    expect(vectorAt(store, 'sum without (instance) (x)', 1000)).toEqual({ '{}': 1 });
    expect(vectorAt(store, 'x * on (instance) group_left x', 1000)).toEqual({ '{instance="a"}': 1 });
  });
});
