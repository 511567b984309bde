// A recording rule: evaluates its expression and writes the result back to the store under the record name.
import type { EvalMemo, SampleStore } from '../promql/index.js';
import type { RuleDefinition } from './definitions.js';
import { fingerprint } from './fingerprint.js';
import { errorMessage, queryVector, RuleHealth, withLabels } from './rule-health.js';

export class RecordingRule {
  readonly kind = 'record';
  readonly health = new RuleHealth();
  /** Series written by the last evaluation. */
  lastSeriesCount = 0;

  constructor(
    readonly def: RuleDefinition,
    /** Identifies the rule's output in the store, so series it stops producing are marked stale. */
    private readonly storeKey: string,
  ) {}

  /** `memo`: values shared with the other rules of the group's round. */
  evaluate(store: SampleStore, evalTimeMs: number, writeTimeMs: number, limit: number, memo?: EvalMemo): void {
    const started = performance.now();
    let error: string | undefined;
    try {
      const samples = queryVector(this.def.expr, store, evalTimeMs, memo).map((s) => ({
        labels: withLabels(s.labels, { ...this.def.labels, __name__: this.def.name }),
        value: s.value,
      }));
      const seen = new Set<string>();
      for (const s of samples) {
        const fp = fingerprint(s.labels);
        if (seen.has(fp)) throw new Error('vector contains metrics with the same labelset after applying rule labels');
        seen.add(fp);
      }
      if (limit > 0 && samples.length > limit)
        throw new Error(`exceeded limit of ${limit} with ${samples.length} series`);
      store.appendScrape(this.storeKey, samples, writeTimeMs);
      this.lastSeriesCount = samples.length;
    } catch (caught) {
      // As Prometheus: a failed evaluation writes nothing (no stale markers either); earlier series age out.
      error = errorMessage(caught);
      this.lastSeriesCount = 0;
    }
    this.health.record(writeTimeMs, performance.now() - started, error);
  }
}
