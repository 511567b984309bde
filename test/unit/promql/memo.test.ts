import { describe, expect, it } from 'vitest';
import type { Matcher, Series, SeriesSource } from '../../../src/promql/ast.js';
import { EvalMemo, evaluateInstant, parsePromql, SampleStore } from '../../../src/promql/index.js';

const T = 600_000;

/** A source that counts its selections, so a test sees which subexpressions were evaluated again. */
function countingSource(): SeriesSource & { selects: string[] } {
  const selects: string[] = [];
  return {
    selects,
    select(matchers: Matcher[]): Series[] {
      const name = matchers.find((m) => m.name === '__name__')?.value ?? '';
      selects.push(name);
      return [{ labels: { __name__: name, instance: 'a' }, points: [{ t: T - 60_000, v: 2 }] }];
    },
  };
}

describe('EvalMemo: equal subexpressions at one time are evaluated once', () => {
  const cases: Array<{ name: string; exprs: string[]; shared: boolean; selects: string[] }> = [
    { name: 'a repeat inside one expression', exprs: ['x / (x + y)'], shared: false, selects: ['x', 'y'] },
    { name: 'distinct selectors', exprs: ['x + y + z'], shared: false, selects: ['x', 'y', 'z'] },
    {
      name: 'a repeat across rules of one round (one memo)',
      exprs: ['sum(x) / sum(y) > 1', 'sum(x) / sum(y) > 2'],
      shared: true,
      selects: ['x', 'y'],
    },
    {
      name: 'the same rules without a shared memo',
      exprs: ['sum(x) / sum(y) > 1', 'sum(x) / sum(y) > 2'],
      shared: false,
      selects: ['x', 'y', 'x', 'y'],
    },
    { name: 'different offsets are different values', exprs: ['x - x offset 1m'], shared: false, selects: ['x', 'x'] },
  ];
  it.each(cases)('$name', ({ exprs, shared, selects }) => {
    const source = countingSource();
    const memo = shared ? new EvalMemo() : undefined;
    for (const e of exprs) evaluateInstant(parsePromql(e), source, T, memo ? { memo } : {});
    expect(source.selects).toEqual(selects);
  });

  it('gives the same values as an evaluation without sharing', () => {
    const store = new SampleStore({ retentionMs: 3_600_000 });
    for (let t = 0; t <= T; t += 15_000) {
      store.append({ __name__: 'hit', instance: 'a' }, t, t / 100);
      store.append({ __name__: 'read', instance: 'a' }, t, t / 1000);
    }
    const expr =
      'sum by (instance) (rate(hit[5m])) / (sum by (instance) (rate(hit[5m])) + sum by (instance) (rate(read[5m])))';
    const memo = new EvalMemo();
    const first = evaluateInstant(parsePromql(expr), store, T, { memo });
    const again = evaluateInstant(parsePromql(expr), store, T, { memo });
    expect(again).toEqual(first);
    expect(first).toEqual({ resultType: 'vector', result: [{ metric: { instance: 'a' }, value: 150 / 165 }] });
  });

  it('forgets values that read a metric written since, and only those', () => {
    const source = countingSource();
    const memo = new EvalMemo();
    const run = (e: string) => evaluateInstant(parsePromql(e), source, T, { memo });
    run('x + y');
    run('ALERTS');
    memo.written(['ALERTS', 'ALERTS_FOR_STATE']);
    run('x + y');
    run('ALERTS');
    memo.written(['y']);
    run('x');
    run('x + y');
    expect(source.selects).toEqual(['x', 'y', 'ALERTS', 'ALERTS', 'y']);
  });

  it('forgets everything for another query time or another source', () => {
    const source = countingSource();
    const memo = new EvalMemo();
    evaluateInstant(parsePromql('x'), source, T, { memo });
    evaluateInstant(parsePromql('x'), source, T + 1, { memo });
    evaluateInstant(parsePromql('x'), countingSource(), T + 1, { memo });
    evaluateInstant(parsePromql('x'), source, T + 1, { memo });
    expect(source.selects).toEqual(['x', 'x', 'x']);
  });

  it('a selector without a metric name is forgotten on any write', () => {
    const source = countingSource();
    const memo = new EvalMemo();
    evaluateInstant(parsePromql('{instance="a"}'), source, T, { memo });
    memo.written(['anything']);
    evaluateInstant(parsePromql('{instance="a"}'), source, T, { memo });
    expect(source.selects).toEqual(['', '']);
  });
});
