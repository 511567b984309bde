import { describe, expect, it } from 'vitest';
import { dropMetricName, keyWithout, labelsKey } from '../../../src/promql/labels.js';
import { matcherMatches } from '../../../src/promql/matchers.js';

describe('label-set keys and copies cached per label-set object', () => {
  it('gives equal keys for equal sets, whatever the object or order, and ignores empty values', () => {
    const a = { __name__: 'x', instance: 'a', job: 'pg' };
    const b = { job: 'pg', instance: 'a', __name__: 'x', empty: '' };
    expect(labelsKey(a)).toBe(labelsKey(b));
    expect(labelsKey(a)).toBe(labelsKey(a));
    expect(labelsKey({ ...a, instance: 'b' })).not.toBe(labelsKey(a));
  });

  const without: Array<{ labels: Record<string, string>; excluded: string[]; same: Record<string, string> }> = [
    { labels: { instance: 'a', job: 'pg' }, excluded: ['__name__'], same: { job: 'pg', instance: 'a' } },
    { labels: { __name__: 'x', instance: 'a' }, excluded: ['__name__'], same: { instance: 'a' } },
    { labels: { __name__: 'x', instance: 'a', job: 'pg' }, excluded: ['__name__', 'job'], same: { instance: 'a' } },
    { labels: { instance: 'a', job: '' }, excluded: ['__name__', 'job'], same: { instance: 'a' } },
  ];
  it.each(without)('keyWithout($labels, $excluded) is the key of $same', ({ labels, excluded, same }) => {
    expect(keyWithout(labels, new Set(excluded))).toBe(labelsKey(same));
  });

  it('drops __name__ into one copy per label set, leaving the original as it was', () => {
    const labels = { __name__: 'x', instance: 'a' };
    const dropped = dropMetricName(labels);
    expect(dropped).toEqual({ instance: 'a' });
    expect(dropMetricName(labels)).toBe(dropped);
    expect(labels).toEqual({ __name__: 'x', instance: 'a' });
    const nameless = { instance: 'a' };
    expect(dropMetricName(nameless)).toBe(nameless);
  });
});

describe('regex matchers remember their answer per value', () => {
  const cases: Array<[string, string, boolean]> = [
    ['template.*', 'template0', true],
    ['template.*', 'postgres', false],
    ['template.*', 'my_template0', false],
    ['', '', true],
    ['', 'x', false],
    ['a|b', 'a', true],
    ['a|b', 'ab', false],
  ];
  it.each(cases)('%s =~ %s → %s, again the same', (pattern, value, want) => {
    expect(matcherMatches({ name: 'l', type: '=~', value: pattern }, value)).toBe(want);
    expect(matcherMatches({ name: 'l', type: '=~', value: pattern }, value)).toBe(want);
    expect(matcherMatches({ name: 'l', type: '!~', value: pattern }, value)).toBe(!want);
  });
});
