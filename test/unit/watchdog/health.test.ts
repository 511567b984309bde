import { describe, expect, it } from 'vitest';
import { agentHealth, type HealthInput } from '../../../src/watchdog/health.js';

const NOW = 1_000_000_000;
const base: HealthInput = {
  targets: [
    { name: 'db1', collectedAt: NOW - 10_000, up: true },
    { name: 'db2', collectedAt: NOW - 10_000, up: true },
  ],
  collectionIntervalMs: 15_000,
  requireAllTargets: false,
  ruleGroups: [{ name: 'postgres', intervalMs: 30_000, lastEvaluation: NOW - 20_000 }],
  oldestPendingAt: undefined,
  outboxMaxAgeMs: 900_000,
};
const down = { name: 'db2', collectedAt: NOW - 10_000, up: false };
// 3 × 15 s + 15 s slack = 60 s: a collection 61 s old is stale.
const stale = { name: 'db2', collectedAt: NOW - 61_000, up: true };

describe('agent health for the heartbeat', () => {
  it.each<[string, Partial<HealthInput>, string[]]>([
    ['everything works', {}, []],
    ['one of two targets down: still collecting', { targets: [base.targets[0]!, down] }, []],
    [
      'one down, all required',
      { targets: [base.targets[0]!, down], requireAllTargets: true },
      ['collection failing for db2'],
    ],
    ['every target down', { targets: [{ ...down, name: 'db1' }, down] }, ['collection failing for db1, db2']],
    ['a collection 61 s old is stale', { targets: [stale], requireAllTargets: true }, ['collection failing for db2']],
    ['a collection 59 s old is fresh', { targets: [{ ...stale, collectedAt: NOW - 59_000 }] }, []],
    [
      'never collected',
      { targets: [{ name: 'db1', collectedAt: undefined, up: false }] },
      ['collection failing for db1'],
    ],
    ['no targets', { targets: [] }, ['no target configured']],
    ['no rules loaded', { ruleGroups: [] }, []],
    [
      'rules not started yet',
      { ruleGroups: [{ name: 'g', intervalMs: 30_000, lastEvaluation: undefined }] },
      ['rule groups not evaluated: g'],
    ],
    [
      'rules stopped 91 s ago',
      { ruleGroups: [{ name: 'g', intervalMs: 30_000, lastEvaluation: NOW - 91_000 }] },
      ['rule groups not evaluated: g'],
    ],
    ['a notification pending 10 min', { oldestPendingAt: NOW - 600_000 }, []],
    [
      'a notification pending 16 min',
      { oldestPendingAt: NOW - 960_000 },
      ['a notification has been pending for 960 s'],
    ],
    [
      'everything wrong at once',
      { targets: [down], ruleGroups: [{ name: 'g', intervalMs: 1000, lastEvaluation: 0 }], oldestPendingAt: 0 },
      ['collection failing for db2', 'rule groups not evaluated: g', 'a notification has been pending for 1000000 s'],
    ],
  ])('%s', (_name, change, problems) => {
    const health = agentHealth({ ...base, ...change }, NOW);
    expect(health.problems).toEqual(problems);
    expect(health.healthy).toBe(problems.length === 0);
  });
});
