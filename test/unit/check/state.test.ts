import { describe, expect, it } from 'vitest';
import { EXIT_CODES, stateOfSeverity, worstState, type NagiosState } from '../../../src/check/state.js';

describe('worstState', () => {
  const cases: [NagiosState[], NagiosState][] = [
    [[], 'OK'],
    [['OK', 'OK'], 'OK'],
    [['OK', 'UNKNOWN'], 'UNKNOWN'],
    [['UNKNOWN', 'WARNING'], 'WARNING'],
    [['WARNING', 'UNKNOWN', 'OK'], 'WARNING'],
    [['UNKNOWN', 'CRITICAL'], 'CRITICAL'],
    [['CRITICAL', 'UNKNOWN'], 'CRITICAL'],
    [['WARNING', 'CRITICAL', 'OK'], 'CRITICAL'],
  ];
  it.each(cases)('%j → %s (UNKNOWN never hides CRITICAL or WARNING)', (states, expected) => {
    expect(worstState(states)).toBe(expected);
  });

  it('maps states to the plugin exit codes', () => {
    expect(EXIT_CODES).toEqual({ OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 });
  });
});

describe('stateOfSeverity', () => {
  it.each([
    ['critical', 'CRITICAL'],
    ['warning', 'WARNING'],
    ['info', 'OK'],
    ['none', 'OK'],
    ['page', 'WARNING'],
    [undefined, 'WARNING'],
  ] as const)('severity %s → %s', (severity, state) => {
    expect(stateOfSeverity(severity)).toBe(state);
  });
});
