// Prometheus's /api/v1/rules and /api/v1/alerts JSON, built from the manager's state (the HTTP layer only serves it).
import type { Labels } from '../collect/model.js';
import type { AlertState, AlertStateName } from './alert-state.js';
import { AlertingRule } from './alerting-rule.js';
import type { RuleManager } from './manager.js';
import type { Rule } from './group.js';
import { strconvFormatFloat } from '../template/index.js';

export interface ApiAlert {
  labels: Labels;
  annotations: Labels;
  state: AlertStateName;
  activeAt: string;
  keepFiringSince?: string;
  value: string;
}

/** Go's time.Time JSON (RFC 3339 with trimmed fractional seconds), in UTC; Go's zero time when never set. */
export function rfc3339(ms: number | undefined): string {
  if (ms === undefined) return '0001-01-01T00:00:00Z';
  return new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
}

function apiAlert(a: AlertState): ApiAlert {
  const out: ApiAlert = {
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    activeAt: rfc3339(a.activeAt),
    // Prometheus formats alert values with strconv.FormatFloat(v, 'e', -1, 64): "1e+00".
    value: strconvFormatFloat(a.value, 'e', -1),
  };
  if (a.keepFiringSince !== undefined) out.keepFiringSince = rfc3339(a.keepFiringSince);
  return out;
}

function ruleState(rule: AlertingRule): AlertStateName {
  let state: AlertStateName = 'inactive';
  for (const a of rule.activeAlerts()) if (a.state === 'firing' || state === 'inactive') state = a.state;
  return state;
}

function apiRule(rule: Rule, excludeAlerts: boolean): Record<string, unknown> {
  const common = {
    name: rule.def.name,
    query: rule.def.exprText.trim(),
    labels: rule.def.labels,
    health: rule.health.health,
    lastError: rule.health.lastError,
    evaluationTime: rule.health.evaluationTimeMs / 1000,
    lastEvaluation: rfc3339(rule.health.lastEvaluation),
  };
  if (!(rule instanceof AlertingRule)) return { ...common, type: 'recording' };
  return {
    state: ruleState(rule),
    ...common,
    duration: rule.def.forMs / 1000,
    keepFiringFor: rule.def.keepFiringForMs / 1000,
    annotations: rule.def.annotations,
    ...(excludeAlerts ? {} : { alerts: rule.activeAlerts().map(apiAlert) }),
    type: 'alerting',
  };
}

export interface RulesQuery {
  /** `type=alert` or `type=record`, as Prometheus's parameter. */
  type?: 'alert' | 'record';
  excludeAlerts?: boolean;
}

export function rulesApiResponse(manager: RuleManager, query: RulesQuery = {}) {
  const groups = manager.groups.map((group) => ({
    name: group.def.name,
    file: group.def.file,
    interval: group.intervalMs / 1000,
    limit: group.def.limit,
    rules: group.rules
      .filter((r) => query.type === undefined || r.kind === query.type)
      .map((r) => apiRule(r, query.excludeAlerts ?? false)),
    evaluationTime: group.evaluationTimeMs / 1000,
    lastEvaluation: rfc3339(group.lastEvaluation),
  }));
  return {
    status: 'success' as const,
    data: { groups: query.type ? groups.filter((g) => g.rules.length > 0) : groups },
  };
}

/** `flapping`: flap control's verdict (src/flap/); a flapping alert carries `flapping: true` (pgwarden's addition). */
export function alertsApiResponse(
  manager: RuleManager,
  flapping: (labels: Readonly<Record<string, string>>) => boolean = () => false,
) {
  const alerts = manager
    .activeAlerts()
    .map((a) => (flapping(a.labels) ? { ...apiAlert(a), flapping: true } : apiAlert(a)));
  return { status: 'success' as const, data: { alerts } };
}
