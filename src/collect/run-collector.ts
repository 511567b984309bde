// The one error boundary and duration measurement of every collector (collector.ts): what a run took and whether it
// failed become a CollectorOutcome, which collection-families.ts turns into pg_scrape_collector_* series and
// collector-log.ts into log lines. A failing collector never fails the collection it is part of.
import type { CollectContext, Collected, Collector, CollectorOutcome } from './collector.js';
import { describeError } from './target.js';

/** How one run ended: what the collector returned, or the (already safe) text of what it threw. */
export type RunResult = { readonly collected: Collected } | { readonly error: string };

/**
 * Pure: the outcome of one run. A failure has no families and says where it happened (`where`: the database a SQL
 * collector ran in); a skip has no families and is neither success nor failure (outcomeFamilies leaves it out).
 */
export function outcomeOf(
  collector: string,
  result: RunResult,
  durationSeconds: number,
  where?: string,
): CollectorOutcome {
  if ('error' in result) {
    const error = where === undefined ? result.error : `${where}: ${result.error}`;
    return { collector, success: false, durationSeconds, error, families: [] };
  }
  const { collected } = result;
  if (collected.kind === 'skipped') {
    return { collector, success: true, durationSeconds, skipped: collected.reason, families: [] };
  }
  return {
    collector,
    success: true,
    durationSeconds,
    ...(collected.notice ? { notice: collected.notice } : {}),
    ...(collected.governor
      ? { droppedSeries: collected.governor.dropped, skippedRelations: collected.governor.skipped }
      : {}),
    families: collected.families,
  };
}

/** A collector that could not run at all (its database refused the connection): failed, no time spent in it. */
export function failedOutcome(collector: string, error: string, where?: string): CollectorOutcome {
  return outcomeOf(collector, { error }, 0, where);
}

/** Pure: how many samples each collector returned (a collector seen twice, as per database, is summed). */
export function sampleCounts(outcomes: readonly CollectorOutcome[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const samples = o.families.reduce((n, f) => n + f.samples.length, 0);
    counts.set(o.collector, (counts.get(o.collector) ?? 0) + samples);
  }
  return counts;
}

/**
 * Runs one collector inside the boundary: whatever it throws (a SQL error, a bug in a source) is caught, made safe
 * to show (describeError masks DSN passwords) and returned as a failed outcome; the time is measured either way.
 */
export async function runCollector<Context extends CollectContext>(
  collector: Collector<Context>,
  context: Context,
  where?: string,
  clock: () => number = () => performance.now(),
): Promise<CollectorOutcome> {
  const started = clock();
  let result: RunResult;
  try {
    result = { collected: await collector.collect(context) };
  } catch (error) {
    result = { error: describeError(error) };
  }
  return outcomeOf(collector.name, result, (clock() - started) / 1000, where);
}

/** Runs collectors one after the other (one connection's worth of load on the monitored server at a time). */
export async function runCollectors<Context extends CollectContext>(
  collectors: readonly Collector<Context>[],
  context: Context,
  where?: string,
): Promise<CollectorOutcome[]> {
  const outcomes: CollectorOutcome[] = [];
  for (const collector of collectors) outcomes.push(await runCollector(collector, context, where));
  return outcomes;
}
