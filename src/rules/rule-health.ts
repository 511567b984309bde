// Health bookkeeping shared by recording and alerting rules, and the query step they share: evaluate, get a vector.
import type { Labels } from '../collect/model.js';
import { evaluateInstant, type EvalMemo, type Expr, type SeriesSource } from '../promql/index.js';

export type RuleHealthState = 'ok' | 'err' | 'unknown';

export class RuleHealth {
  health: RuleHealthState = 'unknown';
  lastError = '';
  /** ms since epoch of the last evaluation; undefined before the first. */
  lastEvaluation: number | undefined;
  evaluationTimeMs = 0;

  record(startedAtMs: number, durationMs: number, error: string | undefined): void {
    this.lastEvaluation = startedAtMs;
    this.evaluationTimeMs = durationMs;
    this.health = error === undefined ? 'ok' : 'err';
    this.lastError = error ?? '';
  }

  copyFrom(other: RuleHealth): void {
    this.health = other.health;
    this.lastError = other.lastError;
    this.lastEvaluation = other.lastEvaluation;
    this.evaluationTimeMs = other.evaluationTimeMs;
  }
}

export interface VectorSample {
  readonly labels: Labels;
  readonly value: number;
}

/** Runs a rule's query: scalars become one sample without labels (as Prometheus's rule query function does). */
export function queryVector(expr: Expr, source: SeriesSource, timeMs: number, memo?: EvalMemo): VectorSample[] {
  const result = evaluateInstant(expr, source, timeMs, memo ? { memo } : {});
  if (result.resultType === 'vector') return result.result.map((s) => ({ labels: s.metric, value: s.value }));
  if (result.resultType === 'scalar') return [{ labels: {}, value: result.result }];
  throw new Error('rule result is not a vector or scalar');
}

/** Sets or deletes (empty value) labels, as Prometheus's labels.Builder does. */
export function withLabels(base: Labels, overrides: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === '') delete out[name];
    else out[name] = value;
  }
  return out;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
