import { describe, expect, it } from 'vitest';
import { evalError, expectVector, scalarAt, storeFrom, vectorAt } from './helpers.js';

const store = storeFrom({
  'a{i="1", j="x"}': '10',
  'a{i="2", j="y"}': '20',
  'b{i="1"}': '2',
  'b{i="2"}': '5',
  'c{i="1", k="p"}': '3',
  'dup_left{i="1", j="x"}': '1',
  'dup_left{i="1", j="z"}': '2',
  'p{i="1"}': '1',
  'q{i="1"}': '2',
});

describe('scalar arithmetic and comparison', () => {
  it.each([
    ['2 ^ 3', 8],
    ['2 ^ 3 ^ 2', 512], // right-associative
    ['-2 ^ 2', -4],
    ['7 % 3', 1],
    ['-7 % 3', -1], // sign of the dividend (Go math.Mod)
    ['1 / 0', Infinity],
    ['-1 / 0', -Infinity],
    ['0 / 0', NaN],
    ['1 + 2 * 3 - 4 / 2', 5],
    ['3 > bool 2', 1],
    ['3 < bool 2', 0],
    ['2 == bool 2', 1],
    ['NaN != bool NaN', 1],
    ['time()', 1.5], // evaluated at 1500 ms
  ])('%s = %s', (query, expected) => {
    const v = scalarAt(store, query, 1500);
    if (Number.isNaN(expected)) expect(v).toBeNaN();
    else expect(v).toBe(expected);
  });
});

describe('vector and scalar', () => {
  it.each([
    ['a + 1', { '{i="1",j="x"}': 11, '{i="2",j="y"}': 21 }],
    ['1 - a', { '{i="1",j="x"}': -9, '{i="2",j="y"}': -19 }],
    ['a * 2 / 4', { '{i="1",j="x"}': 5, '{i="2",j="y"}': 10 }],
    ['-a', { '{i="1",j="x"}': -10, '{i="2",j="y"}': -20 }],
    ['+a', { 'a{i="1",j="x"}': 10, 'a{i="2",j="y"}': 20 }],
    // comparisons filter and keep the metric name and the vector's value, whichever side the scalar is on
    ['a > 15', { 'a{i="2",j="y"}': 20 }],
    ['15 < a', { 'a{i="2",j="y"}': 20 }],
    ['a != 10', { 'a{i="2",j="y"}': 20 }],
    // bool turns the filter into 0/1 and drops the name
    ['a > bool 15', { '{i="1",j="x"}': 0, '{i="2",j="y"}': 1 }],
    ['15 >= bool a', { '{i="1",j="x"}': 1, '{i="2",j="y"}': 0 }],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, 0), expected);
  });

  it('fails when dropping the name leaves duplicate label sets', () => {
    expect(evalError(store, '{__name__=~"p|q"} + 1', 0).message).toMatch(/same labelset/);
  });
});

describe('vector matching', () => {
  it.each([
    // one-to-one: on() keeps only the matching labels, ignoring() removes the ignored ones
    ['a / on(i) b', { '{i="1"}': 5, '{i="2"}': 4 }],
    ['a / ignoring(j) b', { '{i="1"}': 5, '{i="2"}': 4 }],
    ['a / b', {}], // default matching uses all labels: j makes them differ
    // many-to-one keeps the "many" side's labels (minus the name for arithmetic)
    ['a * on(i) group_left b', { '{i="1",j="x"}': 20, '{i="2",j="y"}': 100 }],
    ['a * on(i) group_left(k) c', { '{i="1",j="x",k="p"}': 30 }],
    ['a * ignoring(j) group_left b', { '{i="1",j="x"}': 20, '{i="2",j="y"}': 100 }],
    // one-to-many: the right side is "many"; operands keep their sides (b - a)
    ['b - on(i) group_right a', { '{i="1",j="x"}': -8, '{i="2",j="y"}': -15 }],
    // comparisons between vectors filter and keep the left value and name
    ['a > on(i) group_left b', { 'a{i="1",j="x"}': 10, 'a{i="2",j="y"}': 20 }],
    ['b < on(i) group_right a', { 'a{i="1",j="x"}': 2, 'a{i="2",j="y"}': 5 }],
    ['a < on(i) group_left b', {}],
    ['a == bool on(i) group_left b', { '{i="1",j="x"}': 0, '{i="2",j="y"}': 0 }],
    ['a / on(i) (b > 3)', { '{i="2"}': 4 }],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, 0), expected);
  });

  it.each([
    [
      'a + on() b',
      /found duplicate series for the match group \{\} on the right hand-side.*many-to-many matching not allowed/,
    ],
    ['b + on() group_right a', /found duplicate series.*on the left hand-side/],
    ['dup_left + on(i) b', /multiple matches for labels: many-to-one matching must be explicit/],
    ['{__name__=~"p|q"} * on(i) group_left b', /grouping labels must ensure unique matches/],
  ])('%s fails', (query, message) => {
    expect(evalError(store, query, 0).message).toMatch(message);
  });

  it('filters before checking one-to-one cardinality (as Prometheus does)', () => {
    // both dup_left series match b{i="1"}, but only one survives the comparison, so this is no error
    expectVector(vectorAt(store, 'dup_left > on(i) b', 0), {});
    expectVector(vectorAt(store, 'dup_left == on(i) group_left b', 0), { 'dup_left{i="1",j="z"}': 2 });
  });
});

describe('set operators', () => {
  it.each([
    ['a and b', {}],
    ['a and on(i) b', { 'a{i="1",j="x"}': 10, 'a{i="2",j="y"}': 20 }],
    ['a and on(i) c', { 'a{i="1",j="x"}': 10 }],
    ['a unless on(i) c', { 'a{i="2",j="y"}': 20 }],
    ['a unless nothing', { 'a{i="1",j="x"}': 10, 'a{i="2",j="y"}': 20 }],
    ['a and nothing', {}],
    ['b or on(i) a', { 'b{i="1"}': 2, 'b{i="2"}': 5 }],
    ['c or b', { 'c{i="1",k="p"}': 3, 'b{i="1"}': 2, 'b{i="2"}': 5 }],
    ['nothing or b', { 'b{i="1"}': 2, 'b{i="2"}': 5 }],
    ['b > 3 or b', { 'b{i="1"}': 2, 'b{i="2"}': 5 }],
    ['a and ignoring(j) b', { 'a{i="1",j="x"}': 10, 'a{i="2",j="y"}': 20 }],
  ])('%s', (query, expected) => {
    expectVector(vectorAt(store, query, 0), expected);
  });
});
