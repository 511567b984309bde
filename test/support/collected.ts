import type { Collector } from '../../src/collect/collector.js';
import type { MetricFamily } from '../../src/collect/model.js';
import type { Target } from '../../src/collect/target.js';

/** Runs a collector directly (no boundary: a throw fails the test) and answers its families; a skip fails too. */
export async function collectFamilies(
  collector: Collector,
  now = Date.now(),
  target?: Target,
): Promise<MetricFamily[]> {
  const collected = await collector.collect({ now, ...(target ? { target } : {}) });
  if (collected.kind !== 'families') throw new Error(`${collector.name} skipped: ${collected.reason}`);
  return [...collected.families];
}
