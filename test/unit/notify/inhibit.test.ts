import { describe, expect, it } from 'vitest';
import { BUILTIN_INHIBIT_RULES, buildInhibitRule, isInhibited } from '../../../src/notify/inhibit.js';

const alert = (fingerprint: string, labels: Record<string, string>) => ({ fingerprint, labels });
const down = alert('d1', { alertname: 'PostgresDown', instance: 'db1' });

describe('isInhibited', () => {
  it.each([
    ['other alert on the down instance', alert('x', { alertname: 'Lag', instance: 'db1' }), [down], true],
    ['other instance', alert('x', { alertname: 'Lag', instance: 'db2' }), [down], false],
    ['PostgresDown itself', down, [down], false],
    ['no firing source', alert('x', { alertname: 'Lag', instance: 'db1' }), [], false],
  ])('builtin: %s', (_name, target, firing, expected) => {
    expect(isInhibited(BUILTIN_INHIBIT_RULES, target, firing)).toBe(expected);
  });

  const rule = buildInhibitRule({
    source_matchers: ['severity="critical"'],
    target_matchers: ['severity=~"warning|info"'],
    target_match: { team: 'db' },
    equal: ['alertname', 'cluster'],
  });
  const crit = alert('c', { alertname: 'Lag', severity: 'critical', cluster: 'c1' });

  it.each([
    ['same equal labels', alert('w', { alertname: 'Lag', severity: 'warning', team: 'db', cluster: 'c1' }), true],
    ['different cluster', alert('w', { alertname: 'Lag', severity: 'warning', team: 'db', cluster: 'c2' }), false],
    ['target matcher fails', alert('w', { alertname: 'Lag', severity: 'warning', team: 'app', cluster: 'c1' }), false],
    [
      'equal label missing on both sides counts as equal',
      alert('w', { alertname: 'Lag', severity: 'info', team: 'db', cluster: 'c1' }),
      true,
    ],
  ])('configured: %s', (_name, target, expected) => {
    expect(isInhibited([rule], target, [crit])).toBe(expected);
  });

  it('an alert matching source and target does not inhibit itself', () => {
    const both = buildInhibitRule({ source_matchers: ['x="1"'], target_matchers: ['x="1"'], equal: [] });
    const a = alert('a', { x: '1' });
    expect(isInhibited([both], a, [a])).toBe(false);
    expect(isInhibited([both], a, [a, alert('b', { x: '1' })])).toBe(true);
  });
});
