// A rule group: its rules evaluated in order at one timestamp each interval. Recording rules write to the store
// before later rules read it (rule order matters, as in Prometheus); one failing rule never stops the others.
import { EvalMemo, type SampleStore } from '../promql/index.js';
import type { AlertState, Transition } from './alert-state.js';
import { AlertingRule, type AlertContext } from './alerting-rule.js';
import type { RuleDefinition, RuleGroupDefinition } from './definitions.js';
import { collectNotifications, type NotifiableAlert } from './notifiable.js';
import { RecordingRule } from './recording-rule.js';

export type Rule = AlertingRule | RecordingRule;

/** The series every alerting rule writes (alertSeries): rules after it in the group may read them. */
const ALERT_SERIES = ['ALERTS', 'ALERTS_FOR_STATE'];

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
    const round = this.round(nowMs, context);
    for (;;) {
      const step = round.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The same round, giving the event loop back between rules (`pause`, e.g. setImmediate), so a round over a large
   * store never holds up collections for longer than one rule. Every rule still sees the round's one timestamp.
   * When `proceed` says no after a pause (the group was replaced by a reload, or the rules stopped), the remaining
   * rules are left out: the rules already evaluated keep their results, which a reload has carried over.
   */
  async evaluateSliced(
    nowMs: number,
    context: GroupEvalContext,
    pause: () => Promise<void>,
    proceed: () => boolean = () => true,
  ): Promise<GroupEvalResult> {
    const round = this.round(nowMs, context);
    for (let step = round.next(); ; step = round.next(proceed())) {
      if (step.done) return step.value;
      await pause();
    }
  }

  /**
   * One round, one rule per step. Rules share the values of equal subexpressions (EvalMemo); what a rule writes to the
   * store (a recording rule's series, ALERTS) is seen by the rules after it, as in Prometheus. `evaluationTimeMs` is
   * the time spent in the steps, not the pauses between them.
   */
  private *round(nowMs: number, context: GroupEvalContext): Generator<void, GroupEvalResult, boolean | undefined> {
    let busyMs = 0;
    let sliceStart = performance.now();
    const evalTimeMs = nowMs - this.def.queryOffsetMs;
    const memo = new EvalMemo();
    const alerts: NotifiableAlert[] = [];
    const transitions: Transition[] = [];
    let changed = false;
    for (const [i, rule] of this.rules.entries()) {
      this.evaluations++;
      if (rule instanceof RecordingRule) {
        rule.evaluate(context.store, evalTimeMs, nowMs, this.def.limit, memo);
        memo.written([rule.def.name]);
      } else {
        const before = rule.states;
        transitions.push(...rule.evaluate(context.store, evalTimeMs, nowMs, this.def.limit, context, memo));
        memo.written(ALERT_SERIES);
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
      if (i < this.rules.length - 1) {
        busyMs += performance.now() - sliceStart;
        const proceed = yield;
        sliceStart = performance.now();
        if (proceed === false) break;
      }
    }
    this.lastEvaluation = nowMs;
    this.evaluationTimeMs = busyMs + performance.now() - sliceStart;
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
