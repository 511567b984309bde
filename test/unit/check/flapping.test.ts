import { describe, expect, it } from 'vitest';
import { withFlapping } from '../../../src/check/flapping.js';
import { toNagios, type Check } from '../../../src/check/report.js';
import type { FlappingAlert } from '../../../src/flap/filter.js';

const external = { site: 'fra' };
const lagLabels = (instance: string) => ({ alertname: 'Lag', severity: 'critical', instance });
const firing = (instance: string): Check => ({
  name: 'Lag',
  state: 'CRITICAL',
  severity: 'critical',
  value: 30,
  labels: lagLabels(instance),
  summary: `lag on ${instance}`,
});
const quiet = (name: string, severity = 'critical'): Check => ({
  name,
  state: 'OK',
  severity,
  labels: {},
  summary: '',
});
const flapping = (instance: string, status: 'firing' | 'resolved', severity = 'critical'): FlappingAlert => ({
  held: {
    labels: { ...external, ...lagLabels(instance), severity },
    annotations: { summary: `lag on ${instance} (held)` },
    startsAt: 0,
    endsAt: 0,
    generatorURL: '',
    status,
    fingerprint: '',
    value: 12,
  },
  changes: 5,
});
// [name, state, instance, flapping] per check.
const verdict = (checks: Check[]) => checks.map((c) => [c.name, c.state, c.labels.instance ?? '', c.flapping === true]);

describe('flapping alerts in the check', () => {
  it.each<[string, Check[], FlappingAlert[], string | undefined, unknown[]]>([
    [
      'nothing flaps: unchanged',
      [firing('db1'), quiet('Other')],
      [],
      undefined,
      [
        ['Lag', 'CRITICAL', 'db1', false],
        ['Other', 'OK', '', false],
      ],
    ],
    [
      "held firing while resolved now: CRITICAL, flapping; the rule's quiet entry goes",
      [quiet('Lag')],
      [flapping('db1', 'firing')],
      undefined,
      [['Lag', 'CRITICAL', 'db1', true]],
    ],
    [
      'held resolved while firing now: OK, flapping',
      [firing('db1')],
      [flapping('db1', 'resolved')],
      undefined,
      [['Lag', 'OK', 'db1', true]],
    ],
    [
      'held firing and firing now: one entry, flapping',
      [firing('db1'), firing('db2')],
      [flapping('db1', 'firing')],
      undefined,
      [
        ['Lag', 'CRITICAL', 'db2', false],
        ['Lag', 'CRITICAL', 'db1', true],
      ],
    ],
    [
      "another target's flapping alert is not this target's",
      [quiet('Lag')],
      [flapping('db2', 'firing')],
      'db1',
      [['Lag', 'OK', '', false]],
    ],
    [
      'a rule not selected is not reported',
      [quiet('Other')],
      [flapping('db1', 'firing')],
      undefined,
      [['Other', 'OK', '', false]],
    ],
    [
      'only the variant of its severity',
      [quiet('Lag', 'warning'), quiet('Lag')],
      [flapping('db1', 'firing', 'warning')],
      undefined,
      [
        ['Lag', 'OK', '', false],
        ['Lag', 'WARNING', 'db1', true],
      ],
    ],
  ])('%s', (_what, checks, flaps, instance, expected) => {
    expect(verdict(withFlapping(checks, flaps, external, instance))).toEqual(expected);
  });

  it('the external labels are not shown; the held summary and value are', () => {
    const [check] = withFlapping([quiet('Lag')], [flapping('db1', 'firing')], external);
    expect(check).toMatchObject({ labels: lagLabels('db1'), summary: 'lag on db1 (held)', value: 12 });
  });

  it('the long output marks flapping alerts', () => {
    const result = toNagios(withFlapping([firing('db2'), quiet('Other')], [flapping('db2', 'resolved')], external));
    expect(result.state).toBe('OK');
    expect(result.longOutput).toEqual(['NOTE: Lag (instance=db2) is flapping (held as resolved)']);
    const critical = toNagios(withFlapping([quiet('Lag')], [flapping('db1', 'firing')], external));
    expect(critical.longOutput).toEqual(['CRITICAL: lag on db1 (held) (flapping)']);
  });
});
