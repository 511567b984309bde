// What a restore drill finds, as the verdict, the metrics and the drill log use it.
export const RESTORE_PROBLEMS = [
  'client_missing',
  'restore_error',
  'check_failed',
  'timeout',
  'too_large',
  'server_error',
  'monitored_target',
] as const;
export type RestoreProblem = (typeof RESTORE_PROBLEMS)[number];

export interface CheckResult {
  /** What was checked, as the user wrote it: `table orders`, or the query. */
  readonly name: string;
  readonly value: number | null;
  readonly min: number;
  /** Set when the check could not run (a missing table, an error). */
  readonly error?: string;
}

/** What the restored database holds. */
export interface Inspection {
  readonly tables: number;
  /** Rows of all tables after ANALYZE (pg_class.reltuples: exact up to ANALYZE's 30,000-row sample per table). */
  readonly rows: number;
  /** Exact row counts of the tables the .meta lists, by the name it uses; null when the table is missing. */
  readonly tableRows: Readonly<Record<string, number | null>>;
  readonly checks: readonly CheckResult[];
  readonly analyzed: boolean;
}

/** One drill's result: what the drill log keeps and the metrics show. */
export interface DrillResult {
  readonly database: string;
  readonly type: string;
  readonly file: string;
  /** The dump's size and mtime when drilled: the verdict cache's key with the path. */
  readonly size: number | null;
  readonly mtimeMs: number | null;
  readonly scratchDatabase?: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly success: boolean;
  readonly problems: readonly RestoreProblem[];
  /** Why, in words: the first few findings. */
  readonly messages: readonly string[];
  readonly tables?: number;
  readonly rows?: number;
  readonly clientMajor?: number;
}
