import { describe, expect, it } from 'vitest';
import { problemChanges, type CurrentProblem } from '../../../src/collect/backups/problem-log.js';

const p = (key: string, count: number): CurrentProblem => ({ key, count, message: key, fields: {} });

describe('problemChanges', () => {
  it.each<[string, CurrentProblem[], CurrentProblem[], Array<[string, string]>]>([
    ['first sighting', [], [p('a', 1)], [['a', 'raised']]],
    ['unchanged', [p('a', 2)], [p('a', 2)], []],
    ['more files', [p('a', 1)], [p('a', 3)], [['a', 'raised']]],
    ['fewer files', [p('a', 3)], [p('a', 1)], [['a', 'reduced']]],
    ['gone', [p('a', 1), p('b', 1)], [p('b', 1)], [['a', 'resolved']]],
  ])('%s', (_name, before, now, expected) => {
    const last = new Map(before.map((x) => [x.key, x]));
    expect(problemChanges(last, now).map((c) => [c.problem.key, c.kind])).toEqual(expected);
  });
});
