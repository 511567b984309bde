import { describe, expect, it } from 'vitest';
import { planTargetChanges } from '../../../src/collect/target-set.js';
import { targetFromDsn } from '../../../src/config/load.js';

const t = (name: string, dsn = `postgresql://u@${name}/app`) => targetFromDsn(dsn, name);

describe('planTargetChanges', () => {
  it.each([
    [
      'nothing changes',
      [t('a'), t('b')],
      [t('a'), t('b')],
      { added: [], removed: [], changed: [], unchanged: ['a', 'b'] },
    ],
    ['a target is added', [t('a')], [t('a'), t('b')], { added: ['b'], removed: [], changed: [], unchanged: ['a'] }],
    ['a target is removed', [t('a'), t('b')], [t('b')], { added: [], removed: ['a'], changed: [], unchanged: ['b'] }],
    [
      'a target changes its DSN',
      [t('a'), t('b')],
      [t('a', 'postgresql://u:new@a/app'), t('b')],
      { added: [], removed: [], changed: ['a'], unchanged: ['b'] },
    ],
    ['all are replaced', [t('a')], [t('b')], { added: ['b'], removed: ['a'], changed: [], unchanged: [] }],
  ])('%s', (_name, before, after, expected) => {
    const plan = planTargetChanges(before, after);
    expect({
      added: plan.added.map((x) => x.name),
      removed: plan.removed,
      changed: plan.changed.map((x) => x.name),
      unchanged: plan.unchanged,
    }).toEqual(expected);
  });

  it('sees a changed pool setting as a change', () => {
    const before = t('a');
    expect(planTargetChanges([before], [{ ...before, maxConnections: 5 }]).changed.map((x) => x.name)).toEqual(['a']);
  });
});
