// Nagios plugin states and how they combine (the plugin guidelines' exit codes; check_postgres's precedence).

export const NAGIOS_STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
export type NagiosState = (typeof NAGIOS_STATES)[number];

/** The plugin exit code of each state. */
export const EXIT_CODES: Readonly<Record<NagiosState, number>> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

// UNKNOWN never hides a CRITICAL or WARNING: a rule that failed to evaluate says less than one that fired.
const SEVERITY_ORDER: Readonly<Record<NagiosState, number>> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };

/** The worst of the states: CRITICAL > WARNING > UNKNOWN > OK; OK for none. */
export function worstState(states: Iterable<NagiosState>): NagiosState {
  let worst: NagiosState = 'OK';
  for (const state of states) if (SEVERITY_ORDER[state] > SEVERITY_ORDER[worst]) worst = state;
  return worst;
}

/** Sorts worst first (stable for equal states). */
export function byWorstFirst<T extends { state: NagiosState }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => SEVERITY_ORDER[b.state] - SEVERITY_ORDER[a.state]);
}

/**
 * A firing alert's state from its `severity` label: critical → CRITICAL; info → OK (reported as a note); `none` → OK
 * (kube-prometheus's mark of an alert that is never a problem, such as the always-firing Watchdog); anything else —
 * warning, a custom severity or no severity label — → WARNING, so that a firing alert is never silent.
 */
export function stateOfSeverity(severity: string | undefined): NagiosState {
  if (severity === 'critical') return 'CRITICAL';
  if (severity === 'info' || severity === 'none') return 'OK';
  return 'WARNING';
}
