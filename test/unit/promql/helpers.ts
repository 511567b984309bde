// Test helpers: load promtool-style series into a store and evaluate queries into easily compared shapes.
import { expect } from 'vitest';
import {
  evaluateInstant,
  expandSeriesNotation,
  parsePromql,
  parseSeriesLabels,
  PromqlError,
  SampleStore,
  type Labels,
} from '../../../src/promql/index.js';

export const MIN = 60_000;

/** A store holding `series` (selector → promtool values), sample i at `startMs + i * intervalMs`. */
export function storeFrom(series: Record<string, string>, intervalMs = MIN, startMs = 0): SampleStore {
  const store = new SampleStore({ retentionMs: 365 * 24 * 3600_000 });
  for (const [selector, values] of Object.entries(series)) {
    const labels = parseSeriesLabels(selector);
    expandSeriesNotation(values).forEach((v, i) => {
      const t = startMs + i * intervalMs;
      if (v === 'stale') store.appendStale(labels, t);
      else if (v !== null) store.append(labels, t, v);
    });
  }
  return store;
}

/** `name{a="1",b="2"}` with sorted labels, for comparing vectors as plain records. */
export function seriesName(metric: Labels): string {
  const rest = Object.keys(metric)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}="${metric[k]}"`)
    .join(',');
  return `${metric.__name__ ?? ''}{${rest}}`;
}

/** Evaluates an instant vector query into { seriesName: value }. */
export function vectorAt(store: SampleStore, query: string, tMs: number): Record<string, number> {
  const result = evaluateInstant(parsePromql(query), store, tMs);
  if (result.resultType !== 'vector') throw new Error(`expected a vector, got ${result.resultType}`);
  const out: Record<string, number> = {};
  for (const s of result.result) out[seriesName(s.metric)] = s.value;
  return out;
}

export function scalarAt(store: SampleStore, query: string, tMs: number): number {
  const result = evaluateInstant(parsePromql(query), store, tMs);
  if (result.resultType !== 'scalar') throw new Error(`expected a scalar, got ${result.resultType}`);
  return result.result;
}

/** Asserts each value to ~12 significant digits (floating-point evaluation order may differ from Go's slightly). */
export function expectVector(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k] as number;
    if (Number.isNaN(v)) expect(a, k).toBeNaN();
    else if (!Number.isFinite(v)) expect(a, k).toBe(v);
    else expect(a, k).toBeCloseTo(v, Math.max(0, 12 - Math.ceil(Math.log10(Math.abs(v) + 1))));
  }
}

export function parseError(query: string): PromqlError {
  try {
    parsePromql(query);
  } catch (e) {
    if (e instanceof PromqlError) return e;
    throw e;
  }
  throw new Error(`expected ${query} to be rejected`);
}

export function evalError(store: SampleStore, query: string, tMs: number): PromqlError {
  try {
    evaluateInstant(parsePromql(query), store, tMs);
  } catch (e) {
    if (e instanceof PromqlError) return e;
    throw e;
  }
  throw new Error(`expected ${query} to fail at evaluation`);
}
