import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Matcher, Series, SeriesSource } from '../../../src/promql/ast.js';
import { evaluateInstant, QueryTimeoutError } from '../../../src/promql/evaluate.js';
import { parsePromql } from '../../../src/promql/parse.js';

describe('the query deadline (--query.timeout) stops evaluation', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops between nodes once the deadline has passed, without evaluating the rest', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let selects = 0;
    // Every selection takes "one second" of the fake clock.
    const slow: SeriesSource = {
      select(_matchers: Matcher[]): Series[] {
        selects++;
        vi.advanceTimersByTime(1000);
        return [{ labels: {}, points: [{ t: Date.now() - 1000, v: 1 }] }];
      },
    };
    // Distinct selectors: a repeated one would be evaluated once (src/promql/memo.ts).
    const expr = parsePromql(Array.from({ length: 100 }, (_, i) => `up${i}`).join(' + '));
    expect(() => evaluateInstant(expr, slow, Date.now(), Date.now() + 10_000)).toThrow(QueryTimeoutError);
    expect(selects).toBeLessThan(15);
  });

  it('evaluates as before without a deadline', () => {
    const source: SeriesSource = {
      select: () => [{ labels: { __name__: 'up' }, points: [{ t: 1000, v: 1 }] }],
    };
    expect(evaluateInstant(parsePromql('up + up'), source, 2000)).toMatchObject({ resultType: 'vector' });
  });
});
