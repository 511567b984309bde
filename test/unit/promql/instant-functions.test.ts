import { describe, expect, it } from 'vitest';
import { evalError, expectVector, MIN, scalarAt, storeFrom, vectorAt } from './helpers.js';

const store = storeFrom({
  'x{i="1"}': '-1.5',
  'x{i="2"}': '2.5',
  'x{i="3"}': '4',
  'up{job="api", instance="h:1"}': '1',
  single: '42',
});

describe('math functions drop the metric name', () => {
  it.each([
    ['abs(x)', { '{i="1"}': 1.5, '{i="2"}': 2.5, '{i="3"}': 4 }],
    ['ceil(x)', { '{i="1"}': -1, '{i="2"}': 3, '{i="3"}': 4 }],
    ['floor(x)', { '{i="1"}': -2, '{i="2"}': 2, '{i="3"}': 4 }],
    // round: ties go up (towards +Inf)
    ['round(x)', { '{i="1"}': -1, '{i="2"}': 3, '{i="3"}': 4 }],
    ['round(x, 2)', { '{i="1"}': -2, '{i="2"}': 2, '{i="3"}': 4 }],
    ['round(x, 0.4)', { '{i="1"}': -1.6, '{i="2"}': 2.4, '{i="3"}': 4 }],
    ['sqrt(x)', { '{i="1"}': NaN, '{i="2"}': Math.sqrt(2.5), '{i="3"}': 2 }],
    ['clamp(x, 0, 3)', { '{i="1"}': 0, '{i="2"}': 2.5, '{i="3"}': 3 }],
    ['clamp(x, 3, 0)', {}], // max < min → empty
    ['clamp_min(x, 0)', { '{i="1"}': 0, '{i="2"}': 2.5, '{i="3"}': 4 }],
    ['clamp_max(x, 0)', { '{i="1"}': -1.5, '{i="2"}': 0, '{i="3"}': 0 }],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, 0), expected);
  });
});

describe('time, timestamp, vector, scalar', () => {
  it('time() is the evaluation time in seconds', () => {
    expect(scalarAt(store, 'time()', 90_500)).toBe(90.5);
  });

  it('timestamp() of a selector is the sample time, not the evaluation time', () => {
    const s = storeFrom({ x: '1 2' });
    expectVector(vectorAt(s, 'timestamp(x)', 3 * MIN), { '{}': 60 });
    expectVector(vectorAt(s, 'timestamp(x offset 1m)', 3 * MIN), { '{}': 60 });
    // Of anything else it is the evaluation time.
    expectVector(vectorAt(s, 'timestamp(x + 1)', 3 * MIN), { '{}': 180 });
  });

  it('vector() and scalar()', () => {
    expectVector(vectorAt(store, 'vector(3)', 0), { '{}': 3 });
    expectVector(vectorAt(store, 'vector(time())', 5000), { '{}': 5 });
    expect(scalarAt(store, 'scalar(single)', 0)).toBe(42);
    expect(scalarAt(store, 'scalar(x)', 0)).toBeNaN(); // more than one element
    expect(scalarAt(store, 'scalar(nothing)', 0)).toBeNaN();
    expectVector(vectorAt(store, 'x * scalar(single)', 0), { '{i="1"}': -63, '{i="2"}': 105, '{i="3"}': 168 });
  });
});

describe('absent', () => {
  it.each([
    ['absent(nonexistent{job="myjob"})', { '{job="myjob"}': 1 }],
    ['absent(nonexistent{job="myjob", instance=~".*"})', { '{job="myjob"}': 1 }],
    ['absent(nonexistent{job="a", job="b"})', { '{}': 1 }], // a label matched twice is left out
    ['absent(sum(nonexistent{job="myjob"}))', { '{}': 1 }],
    ['absent(up)', {}],
    ['absent(up{job="other"})', { '{job="other"}': 1 }],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, 0), expected);
  });
});

describe('label_replace / label_join keep the metric name', () => {
  it.each([
    ['label_replace(up, "host", "$1", "instance", "(.*):.*")', { 'up{host="h",instance="h:1",job="api"}': 1 }],
    // no match: the series passes unchanged
    ['label_replace(up, "host", "$1", "instance", "nomatch")', { 'up{instance="h:1",job="api"}': 1 }],
    // anchored: "h" alone does not match "h:1"
    ['label_replace(up, "host", "x", "instance", "h")', { 'up{instance="h:1",job="api"}': 1 }],
    // an empty replacement removes the destination label
    ['label_replace(up, "job", "", "instance", ".*")', { 'up{instance="h:1"}': 1 }],
    // ${1} and named groups; $1x would be the (missing) group named "1x"
    ['label_replace(up, "a", "${1}x-$1x", "job", "(a)pi")', { 'up{a="ax-",instance="h:1",job="api"}': 1 }],
    ['label_replace(up, "a", "$name", "job", "(?P<name>a)pi")', { 'up{a="a",instance="h:1",job="api"}': 1 }],
    ['label_replace(up, "__name__", "renamed", "job", ".*")', { 'renamed{instance="h:1",job="api"}': 1 }],
    ['label_join(up, "both", "/", "job", "instance")', { 'up{both="api/h:1",instance="h:1",job="api"}': 1 }],
    ['label_join(up, "both", "/", "nope")', { 'up{instance="h:1",job="api"}': 1 }],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, 0), expected);
  });

  it.each([
    ['label_replace(up, "1bad", "x", "job", ".*")', /invalid destination label name/],
    ['label_replace(up, "a", "x", "job", "(")', /invalid regular expression/],
    ['label_join(up, "a", ",", "b-c")', /invalid source label name/],
    ['label_replace(x, "i", "same", "i", ".*")', /same labelset/],
  ])('%s fails', (query, message) => {
    expect(evalError(store, query, 0).message).toMatch(message);
  });
});
