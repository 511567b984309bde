// Runtime values inside the evaluator (the public QueryValue is built from these at the end).
import type { Labels } from '../collect/model.js';
import type { Point } from './ast.js';
import { evalError } from './errors.js';
import { labelsKey } from './labels.js';

export interface Sample {
  metric: Labels;
  value: number;
  /** The sample's own timestamp (for timestamp()); only vector selectors set it, everything else is at eval time. */
  t?: number;
}

export interface RangeSeries {
  metric: Labels;
  points: Point[];
}

export type Value =
  | { type: 'scalar'; value: number }
  | { type: 'string'; value: string }
  | { type: 'vector'; samples: Sample[] }
  | { type: 'matrix'; series: RangeSeries[] };

/** Prometheus refuses results in which two elements have the same label set (e.g. after the name was dropped). */
export function assertUniqueLabelsets(samples: readonly { metric: Labels }[]): void {
  if (samples.length < 2) return;
  const seen = new Set<string>();
  for (const s of samples) {
    const key = labelsKey(s.metric);
    if (seen.has(key)) throw evalError('vector cannot contain metrics with the same labelset');
    seen.add(key);
  }
}
