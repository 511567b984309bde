import { describe, expect, it } from 'vitest';
import { buildRoute, matchRoutes } from '../../../src/notify/route.js';
import { groupKey, groupLabels } from '../../../src/notify/group.js';

const tree = buildRoute({
  receiver: 'default',
  group_by: ['alertname'],
  group_wait: '10s',
  routes: [
    { matchers: ['severity="critical"'], receiver: 'pager', continue: true, repeat_interval: '1h' },
    {
      match_re: { severity: 'critical|warning' },
      receiver: 'team',
      group_by: ['...'],
      routes: [{ match: { team: 'dba' }, receiver: 'dba' }],
    },
    { matchers: ['severity="info"'], receiver: 'info' },
  ],
});

describe('matchRoutes', () => {
  it.each([
    [{ severity: 'critical' }, ['pager', 'team']],
    [{ severity: 'critical', team: 'dba' }, ['pager', 'dba']],
    [{ severity: 'warning' }, ['team']],
    [{ severity: 'info' }, ['info']],
    [{ severity: 'none' }, ['default']],
    [{}, ['default']],
  ])('%j → %j', (labels, receivers) => {
    expect(matchRoutes(tree, labels).map((r) => r.receiver)).toEqual(receivers);
  });

  it('inherits unset options from the parent and applies defaults', () => {
    const [pager, team] = matchRoutes(tree, { severity: 'critical' });
    expect(pager).toMatchObject({
      groupWaitMs: 10_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 3600_000,
      groupBy: ['alertname'],
    });
    expect(team).toMatchObject({ repeatIntervalMs: 4 * 3600_000, groupBy: 'all' });
    const [dba] = matchRoutes(tree, { severity: 'warning', team: 'dba' });
    expect(dba).toMatchObject({ groupBy: 'all', id: '0.1.0' });
  });
});

describe('groupLabels and groupKey', () => {
  it.each([
    [['alertname'], { alertname: 'A', instance: 'db1' }, { alertname: 'A' }],
    [['alertname', 'cluster'], { alertname: 'A' }, { alertname: 'A' }],
    ['all' as const, { alertname: 'A', instance: 'db1' }, { alertname: 'A', instance: 'db1' }],
    [[], { alertname: 'A' }, {}],
  ])('%j of %j → %j', (by, labels, expected) => {
    expect(groupLabels(by, labels)).toEqual(expected);
  });

  it('is independent of label order and distinguishes routes', () => {
    expect(groupKey('0.1', { b: '2', a: '1' })).toBe('0.1:{a="1", b="2"}');
    expect(groupKey('0.1', { a: '1', b: '2' })).toBe(groupKey('0.1', { b: '2', a: '1' }));
    expect(groupKey('0.2', { a: '1' })).not.toBe(groupKey('0.1', { a: '1' }));
  });
});
