// How long the rule store keeps each metric: what the rules (and the check's queries) read of it, not the longest
// range of any rule for every metric. One `[1h]` on the checkpoint counters would otherwise keep an hour of every
// kept metric of every target (docs/benchmarks.md, 2026-12-04 store memory).
import { LOOKBACK_DELTA_MS, selectorLookbacks, type Expr } from '../promql/index.js';
import type { RuleGroupDefinition } from './definitions.js';

/** One expression that reads the store, evaluated `offsetMs` before its round (a rule group's `query_offset`). */
export interface StoreRead {
  readonly expr: Expr;
  readonly offsetMs?: number;
}

/** What rule groups read: each rule's expression, evaluated at its group's query_offset. */
export function ruleReads(groups: readonly { readonly def: RuleGroupDefinition }[]): StoreRead[] {
  return groups.flatMap((g) => g.def.rules.map((r) => ({ expr: r.expr, offsetMs: g.def.queryOffsetMs })));
}

/** Look-backs by metric name, margin included: a pure value, built once per rule load. */
export interface MetricRetention {
  readonly byName: ReadonlyMap<string, number>;
  readonly byPattern: ReadonlyArray<{ readonly pattern: { test(name: string): boolean }; readonly ms: number }>;
  /** The longest look-back of selectors without a metric name: every metric keeps at least this. */
  readonly anyMs: number;
  /** What a metric no selector reads keeps: an instant query's lookback (the console, /api/v1/query). */
  readonly defaultMs: number;
}

/**
 * Each metric's retention: the longest look-back of the selectors that can read it (range + offsets + subquery ranges,
 * or the 5-minute lookback delta for an instant selector; plus the reader's offset), plus `marginMs` (two collection
 * intervals: samples land while a round evaluates a little behind them). Metrics read only instantly keep ~5 minutes.
 */
export function metricRetention(reads: readonly StoreRead[], marginMs: number): MetricRetention {
  const byName = new Map<string, number>();
  const byPattern: Array<{ pattern: { test(name: string): boolean }; ms: number }> = [];
  let anyMs = 0;
  for (const read of reads) {
    for (const { name, ms: selectorMs } of selectorLookbacks(read.expr)) {
      const ms = selectorMs + Math.max(read.offsetMs ?? 0, 0) + marginMs;
      if (name.kind === 'name') byName.set(name.name, Math.max(byName.get(name.name) ?? 0, ms));
      else if (name.kind === 'pattern') byPattern.push({ pattern: name.pattern, ms });
      else anyMs = Math.max(anyMs, ms);
    }
  }
  return { byName, byPattern, anyMs, defaultMs: LOOKBACK_DELTA_MS + marginMs };
}

/** The retention of one metric name under a table. */
export function retentionFor(table: MetricRetention, name: string): number {
  let ms = Math.max(table.defaultMs, table.anyMs, table.byName.get(name) ?? 0);
  for (const p of table.byPattern) if (p.ms > ms && p.pattern.test(name)) ms = p.ms;
  return ms;
}

/** The longest retention of any metric (what the store's single window was before per-metric retention). */
export function longestRetention(table: MetricRetention): number {
  return Math.max(table.defaultMs, table.anyMs, ...table.byName.values(), ...table.byPattern.map((p) => p.ms));
}
