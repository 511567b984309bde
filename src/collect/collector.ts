// The one collector interface. SQL definitions (sql-source.ts), backup files (backups/source.ts) and the server log
// (serverlog/source.ts) all implement it, and all run through runCollector (run-collector.ts): the error boundary and
// the duration measurement exist once, and pg_scrape_collector_{success,duration_seconds} mean the same for each kind.
import type { GovernorCounts } from './governor.js';
import type { MetricFamily } from './model.js';
import type { Target } from './target.js';

/** What every collector is given: the collection's time, and the target's server for sources that ask it. */
export interface CollectContext {
  /** Wall-clock time (ms since epoch) the collection started at. */
  readonly now: number;
  /** The target this collection is for (the server log reads its log_line_prefix); it may be down. */
  readonly target?: Target;
}

/** What a collector hands back when it did not fail. */
export type Collected =
  | {
      readonly kind: 'families';
      readonly families: readonly MetricFamily[];
      /** Rows a cardinality cap cut and relations whose size a lock made us skip (governed definitions only). */
      readonly governor?: GovernorCounts;
      /** A condition worth one log line that is not a failure (e.g. a required extension is missing). */
      readonly notice?: string;
    }
  /** Not applicable here (no SQL for this major, ...): neither a success nor a failure, so not reported at all. */
  | { readonly kind: 'skipped'; readonly reason: string };

/**
 * One source of metric families. `collect` returns what it found and throws on failure; it never catches its own
 * failure to hide it: the runner is the error boundary. Failures that are facts about the monitored thing (a backup
 * directory that cannot be read, a log file that is missing) are data, not throws: they become metric values.
 */
export interface Collector<Context extends CollectContext = CollectContext> {
  /** The `collector` label of its pg_scrape_collector_* series, and the key of its log lines. */
  readonly name: string;
  collect(context: Context): Promise<Collected>;
}

/** What happened to one collector in one collection (the runner's answer, the sampler's families' input). */
export interface CollectorOutcome {
  readonly collector: string;
  readonly success: boolean;
  readonly durationSeconds: number;
  readonly error?: string;
  readonly skipped?: string;
  /** Not a failure, worth one log line (e.g. a required extension is missing). */
  readonly notice?: string;
  /** Governed collectors: rows cut by max_series and relations whose size was skipped, summed over databases. */
  readonly droppedSeries?: number;
  readonly skippedRelations?: number;
  readonly families: readonly MetricFamily[];
}
