import { describe, expect, it } from 'vitest';
import { pluginOutput, toNagios, type Check } from '../../../src/check/report.js';

const ok = (name: string): Check => ({ name, state: 'OK', labels: {}, summary: '' });
const firing = (name: string, severity: string, summary: string, labels: Record<string, string> = {}): Check => ({
  name,
  state: severity === 'critical' ? 'CRITICAL' : severity === 'info' ? 'OK' : 'WARNING',
  severity,
  labels: { alertname: name, severity, ...labels },
  summary,
});
const failed = (name: string): Check => ({ name, state: 'UNKNOWN', labels: {}, summary: `${name}: boom` });

describe('toNagios', () => {
  const cases: [string, Check[], string, number, string, string[]][] = [
    ['all quiet', [ok('A'), ok('B'), ok('B')], 'OK', 0, '2 checks OK', []],
    ['one rule', [ok('A')], 'OK', 0, '1 check OK', []],
    ['a warning', [ok('A'), firing('B', 'warning', 'B is high')], 'WARNING', 1, 'B is high', ['WARNING: B is high']],
    [
      'critical beats warning and unknown; the worst come first',
      [failed('U'), firing('W', 'warning', 'w'), firing('C', 'critical', 'c')],
      'CRITICAL',
      2,
      'c (+2 more)',
      ['CRITICAL: c', 'WARNING: w', 'UNKNOWN: U: boom'],
    ],
    ['unknown alone', [ok('A'), failed('U')], 'UNKNOWN', 3, 'U: boom', ['UNKNOWN: U: boom']],
    [
      'warning beats unknown',
      [failed('U'), firing('W', 'warning', 'w')],
      'WARNING',
      1,
      'w (+1 more)',
      ['WARNING: w', 'UNKNOWN: U: boom'],
    ],
    [
      'info is OK with a note',
      [ok('A'), firing('I', 'info', 'restart pending')],
      'OK',
      0,
      '2 checks OK; restart pending',
      ['NOTE: restart pending'],
    ],
    [
      'severity none (the always-firing Watchdog) is OK without a note',
      [
        ok('A'),
        { name: 'Watchdog', state: 'OK', severity: 'none', labels: { alertname: 'Watchdog' }, summary: 'always fires' },
      ],
      'OK',
      0,
      '2 checks OK',
      [],
    ],
    [
      'the critical variant of the same series shadows the warning one',
      [firing('X', 'warning', 'x is 95%', { db: 'a' }), firing('X', 'critical', 'x is 95%', { db: 'a' })],
      'CRITICAL',
      2,
      'x is 95%',
      ['CRITICAL: x is 95%'],
    ],
    [
      'other series of the same rule are not shadowed',
      [firing('X', 'warning', 'x on a', { db: 'a' }), firing('X', 'critical', 'x on b', { db: 'b' })],
      'CRITICAL',
      2,
      'x on b (+1 more)',
      ['CRITICAL: x on b', 'WARNING: x on a'],
    ],
    [
      'two problems at the worst state are both in the summary, a third is counted',
      [firing('A', 'critical', 'a'), firing('B', 'critical', 'b'), firing('C', 'critical', 'c')],
      'CRITICAL',
      2,
      'a; b (+1 more)',
      ['CRITICAL: a', 'CRITICAL: b', 'CRITICAL: c'],
    ],
    [
      'problems that read alike are told apart by the labels that differ',
      [
        firing('BackupFailed', 'critical', 'Broken backup of shop', { database: 'shop', problem: 'checksum_mismatch' }),
        firing('BackupFailed', 'critical', 'Broken backup of shop', { database: 'shop', problem: 'corrupt_archive' }),
      ],
      'CRITICAL',
      2,
      'Broken backup of shop (problem=checksum_mismatch); Broken backup of shop (problem=corrupt_archive)',
      [
        'CRITICAL: Broken backup of shop (problem=checksum_mismatch)',
        'CRITICAL: Broken backup of shop (problem=corrupt_archive)',
      ],
    ],
    [
      'no summary annotation: the name and labels',
      [firing('NoSummary', 'warning', '', { datname: 'app' })],
      'WARNING',
      1,
      'NoSummary (datname=app)',
      ['WARNING: NoSummary (datname=app)'],
    ],
    [
      'pipes and newlines cannot break the plugin output',
      [firing('P', 'warning', 'a | b\nc')],
      'WARNING',
      1,
      'a / b c',
      ['WARNING: a / b c'],
    ],
  ];
  it.each(cases)('%s', (_name, checks, state, exitCode, msg, longOutput) => {
    const result = toNagios(checks);
    expect(result.state).toBe(state);
    expect(result.exitCode).toBe(exitCode);
    expect(result.msg).toBe(msg);
    expect(result.longOutput).toEqual(longOutput);
    expect(result.line).toBe(`POSTGRES ${state} - ${msg}`);
  });

  it('puts perfdata after " | " on the first line, long output on the next lines', () => {
    const result = toNagios(
      [firing('B', 'warning', 'B is high')],
      [{ label: 'waiting', value: 2, unit: '', min: 0 }],
      ['2 rules skipped'],
    );
    expect(pluginOutput(result)).toBe(
      'POSTGRES WARNING - B is high | waiting=2;;;0\nWARNING: B is high\nNOTE: 2 rules skipped\n',
    );
  });
});
