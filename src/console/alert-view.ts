// The console's view of the current alerts: the rule engine's active alerts with the labels notifications carry
// (external labels added) and whether a silence mutes them. Pure, so the filters are table-tested.
import type { ApiAlert } from '../rules/index.js';
import { fingerprint } from '../rules/index.js';
import type { GettableSilence } from '../notify/index.js';
import { matchesAll, type Matcher } from '../notify/matcher.js';
import { toMatcher } from '../notify/silence.js';
import { isInhibited, type InhibitRule } from '../notify/inhibit.js';

export interface AlertView {
  readonly alert: ApiAlert;
  /** The labels as notifications carry them (external labels included): what silences and matchers see. */
  readonly labels: Readonly<Record<string, string>>;
  /** The fingerprint notification links (`/alerts?fingerprint=…`) carry. */
  readonly fingerprint: string;
  /** Ids of the active silences that mute this alert. */
  readonly silencedBy: readonly string[];
  /** Muted by an inhibit rule: a firing source alert with the same `equal` labels. */
  readonly inhibited: boolean;
  /** Flap control holds it as flapping (src/flap/). */
  readonly flapping?: boolean;
}

export function alertViews(
  alerts: readonly ApiAlert[],
  external: Readonly<Record<string, string>>,
  silences: readonly GettableSilence[],
  inhibitRules: readonly InhibitRule[] = [],
): AlertView[] {
  const active = silences.filter((s) => s.status.state === 'active');
  const sources = alerts.map((alert) => {
    const labels = { ...alert.labels, ...external };
    return { alert, labels, fingerprint: fingerprint(labels) };
  });
  const firing = sources.filter((s) => s.alert.state === 'firing');
  return sources.map((source) => ({
    ...source,
    silencedBy: active.filter((s) => matchesAll(s.matchers.map(toMatcher), source.labels)).map((s) => s.id),
    inhibited: isInhibited(inhibitRules, source, firing),
  }));
}

export interface AlertFilter {
  readonly matchers: readonly Matcher[];
  readonly target?: string;
  readonly severity?: string;
  /** Show alerts muted by a silence (default: yes, marked as silenced). */
  readonly silenced?: boolean;
}

export function filterAlerts(views: readonly AlertView[], filter: AlertFilter): AlertView[] {
  return views.filter(
    (v) =>
      matchesAll(filter.matchers, v.labels) &&
      (!filter.target || v.labels.instance === filter.target) &&
      (!filter.severity || v.labels.severity === filter.severity) &&
      (filter.silenced !== false || v.silencedBy.length === 0),
  );
}

const SEVERITY_ORDER: Readonly<Record<string, number>> = { critical: 0, warning: 1, info: 2 };

/** Firing before pending, then by severity, then by name: the order an operator reads them in. */
export function sortAlerts(views: readonly AlertView[]): AlertView[] {
  return [...views].sort(
    (a, b) =>
      Number(a.alert.state !== 'firing') - Number(b.alert.state !== 'firing') ||
      (SEVERITY_ORDER[a.labels.severity ?? ''] ?? 3) - (SEVERITY_ORDER[b.labels.severity ?? ''] ?? 3) ||
      (a.labels.alertname ?? '').localeCompare(b.labels.alertname ?? ''),
  );
}

/** Counts by state and severity, for the overview. */
export function alertCounts(views: readonly AlertView[]): Map<string, { firing: number; pending: number }> {
  const counts = new Map<string, { firing: number; pending: number }>();
  for (const v of views) {
    const key = v.labels.severity ?? 'none';
    const c = counts.get(key) ?? { firing: 0, pending: 0 };
    if (v.alert.state === 'firing') c.firing += 1;
    else if (v.alert.state === 'pending') c.pending += 1;
    counts.set(key, c);
  }
  return counts;
}
