// A rule group: its rules evaluated in order at one timestamp each interval. Recording rules write to the store
// before later rules read it (rule order matters, as in Prometheus); one failing rule never stops the others.
import type { SampleStore } from '../promql/index.js';
import type { AlertState, Transition } from './alert-state.js';
import { AlertingRule, type AlertContext } from './alerting-rule.js';
import type { RuleDefinition, RuleGroupDefinition } from './definitions.js';
import { collectNotifications, type NotifiableAlert } from './notifiable.js';
import { RecordingRule } from './recording-rule.js';

export type Rule = AlertingRule | RecordingRule;

export interface GroupEvalContext extends AlertContext {
  readonly store: SampleStore;
  readonly resendDelayMs: number;
}

export interface GroupEvalResult {
  readonly alerts: NotifiableAlert[];
  readonly transitions: Transition[];
  /** Whether any alert state changed (so the state file must be written). */
  readonly changed: boolean;
}

/** The identity of a rule across reloads: same group, name, expression and labels keep their alert state. */
export function ruleIdentity(groupName: string, rule: RuleDefinition): string {
  const labels = Object.keys(rule.labels)
    .sort()
    .map((k) => [k, rule.labels[k]]);
  return JSON.stringify([groupName, rule.kind, rule.name, rule.exprText, labels]);
}

/**
 * The generator URL (the "source" link of a notification): the console's query page with the rule's expression, its
 * current result and graph (Prometheus links to its /graph page). The one place that knows the path; `externalURL`
 * already carries --web.external-url's path or the route prefix (src/http/external-url.ts).
 */
export function generatorURL(externalURL: string, expr: string): string {
  const base = externalURL.replace(/\/+$/, '');
  return `${base}/query?expr=${encodeURIComponent(expr)}`;
}

export class RuleGroup {
  readonly rules: Rule[];
  lastEvaluation: number | undefined;
  evaluationTimeMs = 0;
  evaluations = 0;
  failures = 0;

  constructor(
    readonly def: RuleGroupDefinition,
    readonly intervalMs: number,
  ) {
    this.rules = def.rules.map((rule, index) => {
      const merged = { ...rule, labels: { ...def.labels, ...rule.labels } };
      const storeKey = `rules\xff${def.file}\xff${def.name}\xff${index}`;
      return rule.kind === 'alert' ? new AlertingRule(merged, storeKey) : new RecordingRule(merged, storeKey);
    });
  }

  get identity(): string {
    return `${this.def.file}\xff${this.def.name}`;
  }

  /** Evaluates every rule at `nowMs` (minus the group's query_offset) and returns the notifications due. */
  evaluate(nowMs: number, context: GroupEvalContext): GroupEvalResult {
    const started = performance.now();
    const evalTimeMs = nowMs - this.def.queryOffsetMs;
    const alerts: NotifiableAlert[] = [];
    const transitions: Transition[] = [];
    let changed = false;
    for (const rule of this.rules) {
      this.evaluations++;
      if (rule instanceof RecordingRule) rule.evaluate(context.store, evalTimeMs, nowMs, this.def.limit);
      else {
        const before = rule.states;
        transitions.push(...rule.evaluate(context.store, evalTimeMs, nowMs, this.def.limit, context));
        const sent = collectNotifications(
          rule.states,
          nowMs,
          { resendDelayMs: context.resendDelayMs, intervalMs: this.intervalMs },
          generatorURL(context.externalURL, rule.def.exprText),
        );
        rule.states = sent.states;
        alerts.push(...sent.alerts);
        // Pending alerts are saved every round: after a restart, their pending time is measured up to the last save.
        changed ||= sent.alerts.length > 0 || statesDiffer(before, rule.states) || hasPending(rule.states);
      }
      if (rule.health.health === 'err') this.failures++;
    }
    this.lastEvaluation = nowMs;
    this.evaluationTimeMs = performance.now() - started;
    return { alerts, transitions, changed };
  }
}

/** Only what the state file keeps matters; a new value or re-rendered annotation alone is not worth a write. */
function signature(a: AlertState | undefined): string {
  if (!a) return '';
  return [a.state, a.activeAt, a.firedAt, a.resolvedAt, a.lastSentAt, a.keepFiringSince].join('|');
}

function hasPending(states: ReadonlyMap<string, AlertState>): boolean {
  for (const a of states.values()) if (a.state === 'pending') return true;
  return false;
}

function statesDiffer(a: ReadonlyMap<string, AlertState>, b: ReadonlyMap<string, AlertState>): boolean {
  if (a.size !== b.size) return true;
  for (const [key, value] of a) if (signature(value) !== signature(b.get(key))) return true;
  return false;
}
