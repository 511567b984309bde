// An alerting rule: query → alert labels and annotations (templated) → state machine → ALERTS series.
import type { Labels } from '../collect/model.js';
import { parsePromql, type EvalMemo, type SampleStore } from '../promql/index.js';
import { advance, type AlertState, type Transition } from './alert-state.js';
import type { RuleDefinition } from './definitions.js';
import { fingerprint } from './fingerprint.js';
import { errorMessage, queryVector, RuleHealth, withLabels } from './rule-health.js';
import { compileAlertTemplate, type AlertTemplateData } from '../template/index.js';

export interface AlertContext {
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
}

export class AlertingRule {
  readonly kind = 'alert';
  readonly health = new RuleHealth();
  states = new Map<string, AlertState>();
  private readonly labelTemplates: [string, (data: AlertTemplateData) => string][];
  private readonly annotationTemplates: [string, (data: AlertTemplateData) => string][];

  constructor(
    readonly def: RuleDefinition,
    /** Identifies this rule's ALERTS / ALERTS_FOR_STATE series in the store. */
    private readonly storeKey: string,
  ) {
    const compile = (map: Readonly<Record<string, string>>): [string, (data: AlertTemplateData) => string][] =>
      Object.entries(map).map(([key, text]) => [key, compileAlertTemplate(`__alert_${def.name}`, text)]);
    this.labelTemplates = compile(def.labels);
    this.annotationTemplates = compile(def.annotations);
  }

  /**
   * Evaluates at `evalTimeMs`, advances alert states at `nowMs`; returns the transitions (none on error). `memo`:
   * values shared with the other rules of the group's round.
   */
  evaluate(
    store: SampleStore,
    evalTimeMs: number,
    nowMs: number,
    limit: number,
    context: AlertContext,
    memo?: EvalMemo,
  ): Transition[] {
    const started = performance.now();
    let error: string | undefined;
    let transitions: Transition[] = [];
    try {
      const query = (expr: string) => queryVector(parsePromql(expr), store, evalTimeMs);
      const active = queryVector(this.def.expr, store, evalTimeMs, memo).map((sample) => {
        const data: AlertTemplateData = {
          labels: sample.labels,
          value: sample.value,
          externalLabels: context.externalLabels,
          externalURL: context.externalURL,
          query,
        };
        const expand = (templates: [string, (d: AlertTemplateData) => string][]): Record<string, string> =>
          Object.fromEntries(templates.map(([key, template]) => [key, template(data)]));
        const { __name__: _dropped, ...withoutName } = sample.labels;
        const labels = withLabels(withoutName, { ...expand(this.labelTemplates), alertname: this.def.name });
        return { labels, annotations: expand(this.annotationTemplates), value: sample.value };
      });
      const seen = new Set<string>();
      for (const a of active) {
        const fp = fingerprint(a.labels);
        if (seen.has(fp)) throw new Error('vector contains metrics with the same labelset after applying alert labels');
        seen.add(fp);
      }
      const result = advance(this.states, active, this.def, nowMs);
      const activeCount = [...result.states.values()].filter((a) => a.state !== 'inactive').length;
      if (limit > 0 && activeCount > limit) {
        this.states = new Map();
        throw new Error(`exceeded limit of ${limit} with ${activeCount} alerts`);
      }
      this.states = result.states;
      transitions = result.transitions;
      // A failed evaluation writes no series (as Prometheus), so only here.
      this.writeAlertSeries(store, nowMs);
    } catch (caught) {
      error = errorMessage(caught);
    }
    this.health.record(nowMs, performance.now() - started, error);
    return transitions;
  }

  /**
   * ALERTS{alertstate} 1 and ALERTS_FOR_STATE = activeAt in seconds, for pending and firing alerts. As in Prometheus
   * 2.x, the series start from the rule's labels as written and the alert's expanded labels go on top, so a label
   * template that expands to "" leaves its template text in these series (but not in the alert).
   */
  alertSeries(): { labels: Labels; value: number }[] {
    const out: { labels: Labels; value: number }[] = [];
    for (const alert of this.states.values()) {
      if (alert.state === 'inactive') continue;
      const base = withLabels(this.def.labels, alert.labels);
      out.push({ labels: { ...base, __name__: 'ALERTS', alertstate: alert.state }, value: 1 });
      out.push({ labels: { ...base, __name__: 'ALERTS_FOR_STATE' }, value: Math.floor(alert.activeAt / 1000) });
    }
    return out;
  }

  private writeAlertSeries(store: SampleStore, nowMs: number): void {
    store.appendScrape(this.storeKey, this.alertSeries(), nowMs);
  }

  activeAlerts(): AlertState[] {
    return [...this.states.values()].filter((a) => a.state !== 'inactive');
  }
}
