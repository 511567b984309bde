import { describe, expect, it } from 'vitest';
import { evaluateInstant, parsePromql } from '../../../src/promql/index.js';
import { evalError, expectVector, seriesName, storeFrom, vectorAt } from './helpers.js';

const store = storeFrom({
  'm{job="a", inst="1"}': '1',
  'm{job="a", inst="2"}': '3',
  'm{job="b", inst="1"}': '5',
  'n{i="1"}': 'NaN',
  'n{i="2"}': '2',
  'infinite{i="1"}': 'Inf',
  'infinite{i="2"}': '1',
  'ninf{i="3"}': '-Inf',
});

describe('aggregations', () => {
  it.each([
    ['sum(m)', { '{}': 9 }],
    ['sum by (job) (m)', { '{job="a"}': 4, '{job="b"}': 5 }],
    ['sum(m) by (job)', { '{job="a"}': 4, '{job="b"}': 5 }],
    ['SUM(m) BY (job)', { '{job="a"}': 4, '{job="b"}': 5 }], // keywords are case-insensitive
    ['sum without (inst) (m)', { '{job="a"}': 4, '{job="b"}': 5 }],
    ['sum(m) without (inst)', { '{job="a"}': 4, '{job="b"}': 5 }],
    ['sum without () (m)', { '{inst="1",job="a"}': 1, '{inst="2",job="a"}': 3, '{inst="1",job="b"}': 5 }],
    ['sum by (missing) (m)', { '{}': 9 }],
    ['sum by (__name__) ({__name__=~"m|infinite"})', { 'm{}': 9, 'infinite{}': Infinity }],
    ['avg by (job) (m)', { '{job="a"}': 2, '{job="b"}': 5 }],
    ['avg(m)', { '{}': 3 }],
    ['count(m)', { '{}': 3 }],
    ['count by (inst) (m > 2)', { '{inst="2"}': 1, '{inst="1"}': 1 }],
    ['min(m)', { '{}': 1 }],
    ['max by (inst) (m)', { '{inst="1"}': 5, '{inst="2"}': 3 }],
    // NaN loses against any number in min/max, but poisons sum
    ['max(n)', { '{}': 2 }],
    ['min(n)', { '{}': 2 }],
    ['sum(n)', { '{}': NaN }],
    ['avg(infinite)', { '{}': Infinity }], // Inf, then 1: the infinite mean is kept
    ['avg({__name__=~"infinite|ninf"})', { '{}': NaN }], // ... until the opposite infinity arrives
    ['sum(nothing)', {}],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, 0), expected);
  });
});

describe('topk / bottomk keep the original series (with name)', () => {
  it.each([
    ['topk(1, m)', { 'm{inst="1",job="b"}': 5 }],
    ['topk(2, m)', { 'm{inst="1",job="b"}': 5, 'm{inst="2",job="a"}': 3 }],
    ['topk(10, m)', { 'm{inst="1",job="a"}': 1, 'm{inst="2",job="a"}': 3, 'm{inst="1",job="b"}': 5 }],
    ['topk by (job) (1, m)', { 'm{inst="2",job="a"}': 3, 'm{inst="1",job="b"}': 5 }],
    ['bottomk(1, m)', { 'm{inst="1",job="a"}': 1 }],
    ['bottomk(1.9, m)', { 'm{inst="1",job="a"}': 1 }], // k is truncated
    ['topk(0, m)', {}],
    ['topk(1, n)', { 'n{i="2"}': 2 }], // NaN ranks last
    ['bottomk(1, n)', { 'n{i="2"}': 2 }],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, 0), expected);
  });

  it('orders the result best first', () => {
    const r = evaluateInstant(parsePromql('topk(3, m)'), store, 0);
    expect(r.resultType === 'vector' && r.result.map((s) => s.value)).toEqual([5, 3, 1]);
    const b = evaluateInstant(parsePromql('bottomk(3, m)'), store, 0);
    expect(b.resultType === 'vector' && b.result.map((s) => seriesName(s.metric))).toEqual([
      'm{inst="1",job="a"}',
      'm{inst="2",job="a"}',
      'm{inst="1",job="b"}',
    ]);
  });

  it('rejects a k that does not fit int64', () => {
    expect(evalError(store, 'topk(NaN, m)', 0).message).toMatch(/overflows int64/);
  });
});
