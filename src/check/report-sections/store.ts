// Reading the sample store for report sections: one PromQL instant query, kept to one target.
import type { Labels } from '../../collect/model.js';
import { evaluateInstant, parsePromql, type Expr, type SampleStore } from '../../promql/index.js';
import type { ReportOptions } from './model.js';

export interface StoreSample {
  readonly metric: Labels;
  readonly value: number;
}

export interface StoreView {
  readonly store: SampleStore;
  readonly timeMs: number;
  /** Only series of this target (the `instance` label); every target when undefined. */
  readonly instance?: string | undefined;
  readonly options: ReportOptions;
  /** Backup problem → an example file name, keyed `database\0type\0problem` (local runs know them). */
  readonly backupExamples?: ReadonlyMap<string, string> | undefined;
}

const parsed = new Map<string, Expr>();

/** The samples of an instant query at the view's time (an expression that fails gives none). */
export function query(view: StoreView, text: string): StoreSample[] {
  let expr = parsed.get(text);
  if (!expr) parsed.set(text, (expr = parsePromql(text)));
  const value = evaluateInstant(expr, view.store, view.timeMs);
  if (value.resultType !== 'vector') return [];
  return value.result.filter((s) => view.instance === undefined || s.metric.instance === view.instance);
}

/** Samples keyed by some of their labels, to join a second query onto the first. */
export function byLabels(samples: readonly StoreSample[], names: readonly string[]): Map<string, number> {
  return new Map(samples.map((s) => [keyOf(s.metric, names), s.value]));
}

export function keyOf(labels: Labels, names: readonly string[]): string {
  return JSON.stringify(names.map((n) => labels[n] ?? ''));
}

/** Largest first, then by label text, at most `limit`. */
export function largest(samples: readonly StoreSample[], limit: number): StoreSample[] {
  return [...samples]
    .sort((a, b) => b.value - a.value || (JSON.stringify(a.metric) < JSON.stringify(b.metric) ? -1 : 1))
    .slice(0, limit);
}

/** `instance: ` before a line when the view spans several targets. */
export function prefix(view: StoreView, labels: Labels): string {
  return view.instance === undefined && labels.instance ? `${labels.instance}: ` : '';
}
