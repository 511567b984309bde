// Flapping alerts in the agent's verdict. Nagios keeps a flapping service in the state it had and marks it flapping
// instead of notifying each change; the agent's check does the same with flap control's view (src/flap/): a flapping
// alert is reported in the state the notifier holds it in (the state before it started flapping), marked
// `flapping`, so a Nagios polling the agent sees one steady state rather than CRITICAL/OK churn. Pure.
import type { Labels } from '../collect/model.js';
import type { FlappingAlert } from '../flap/filter.js';
import { fingerprint } from '../rules/fingerprint.js';
import type { Check } from './report.js';
import { stateOfSeverity } from './state.js';

/** The labels as the rule engine has them: without the external labels it adds to notifications. */
function ruleLabels(labels: Labels, external: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([k, v]) => external[k] !== v));
}

function flappingCheck(alert: FlappingAlert, external: Labels): Check {
  const { held } = alert;
  const severity = held.labels.severity;
  const firing = held.status === 'firing';
  return {
    name: held.labels.alertname ?? '',
    state: firing ? stateOfSeverity(severity) : 'OK',
    severity,
    value: firing ? held.value : undefined,
    labels: ruleLabels(held.labels, external),
    summary: firing ? (held.annotations.summary ?? '') : '',
    flapping: true,
  };
}

/**
 * The checks with flapping alerts in their held state: a flapping alert's own check (firing now or not) is replaced
 * by one in the state the notifier holds; a rule's "nothing fires" entry goes when one of its alerts is held firing.
 * Only the rules among `checks` and, with `instance`, only that target's alerts count.
 */
export function withFlapping(
  checks: readonly Check[],
  flapping: readonly FlappingAlert[],
  external: Labels,
  instance?: string,
): Check[] {
  const rules = new Set(checks.map((c) => c.name));
  const relevant = flapping.filter(
    (f) =>
      rules.has(f.held.labels.alertname ?? '') &&
      (instance === undefined || f.held.labels.instance === instance) &&
      // The rule variant of this severity: a pack states one condition as a warning and a critical rule.
      checks.some((c) => c.name === f.held.labels.alertname && c.severity === f.held.labels.severity),
  );
  if (relevant.length === 0) return [...checks];
  const held = new Set(relevant.map((f) => fingerprint(f.held.labels)));
  const replacing = relevant.map((f) => flappingCheck(f, external));
  const variants = new Set(replacing.map((c) => `${c.name}\u0000${c.severity ?? ''}`));
  const kept = checks.filter((c) => {
    if (c.state === 'OK' && Object.keys(c.labels).length === 0)
      return !variants.has(`${c.name}\u0000${c.severity ?? ''}`);
    return !held.has(fingerprint({ ...external, ...c.labels }));
  });
  return [...kept, ...replacing];
}
