// How far back each selector of an expression reads, relative to the evaluation time: what a store must keep for the
// expression to see the same samples it would see over an unbounded history.
import type { Expr, VectorSelector } from './ast.js';
import { LOOKBACK_DELTA_MS } from './selectors.js';
import { childrenOf, nameConstraint, type NameConstraint } from './walk.js';

export interface SelectorLookback {
  /** The metric names the selector can read. */
  readonly name: NameConstraint;
  /** How long before the evaluation time its oldest readable sample can be. */
  readonly ms: number;
}

/**
 * Each selector's look-back: a range selector reads its range plus offset; an instant selector its offset plus the
 * 5-minute lookback delta (the newest sample within it counts); a subquery adds its range and offset to everything
 * inside (its steps start at or after `end - range`). Negative offsets read later samples, never older ones; `@`
 * modifiers other than start()/end() (a fixed time) are not bounded by any retention and are not counted.
 */
export function selectorLookbacks(expr: Expr): SelectorLookback[] {
  const out: SelectorLookback[] = [];
  const add = (sel: VectorSelector, ms: number): void => {
    out.push({ name: nameConstraint(sel.matchers), ms });
  };
  const visit = (e: Expr, outer: number): void => {
    switch (e.kind) {
      case 'vectorSelector':
        return add(e, outer + Math.max(e.offsetMs, 0) + LOOKBACK_DELTA_MS);
      case 'matrixSelector':
        return add(e.selector, outer + e.rangeMs + Math.max(e.selector.offsetMs, 0));
      case 'subquery':
        return visit(e.expr, outer + e.rangeMs + Math.max(e.offsetMs, 0));
      default:
        return childrenOf(e).forEach((child) => visit(child, outer));
    }
  };
  visit(expr, 0);
  return out;
}

/** How much history an expression reads: its longest selector look-back (at least the 5-minute lookback delta). */
export function lookbackNeededMs(expr: Expr): number {
  return selectorLookbacks(expr).reduce((max, s) => Math.max(max, s.ms), LOOKBACK_DELTA_MS);
}
