// File times written by another clock (an NFS server, a host whose clock jumped): an mtime ahead of the agent's clock
// must neither keep a dump "still being written" forever nor make a WAL archive look fresh until 2099.

/** How far ahead of the agent's clock an mtime may be before it is reported (filesystems on other hosts drift). */
export const FUTURE_TOLERANCE_MS = 60_000;

/**
 * The mtime to judge a file by: never later than when the agent first saw the file as it is (same size and mtime),
 * i.e. clamped to "now" at first sight. A file written on this clock is unchanged by it.
 */
export function clampedMtimeMs(mtimeMs: number, firstSeenMs: number): number {
  return Math.min(mtimeMs, firstSeenMs);
}

/** Whether an mtime is in the future beyond the tolerance: the clock problem to report. */
export function isFutureMtime(mtimeMs: number, nowMs: number): boolean {
  return mtimeMs > nowMs + FUTURE_TOLERANCE_MS;
}

/** Problems with a directory's files that belong to no (database, type): counted per path. */
export const DIRECTORY_PROBLEMS = ['future_mtime', 'dangling_symlink', 'impossible_date'] as const;
export type DirectoryProblem = (typeof DIRECTORY_PROBLEMS)[number];

export interface DirectoryProblems {
  readonly counts: Record<DirectoryProblem, number>;
  /** One file name per problem, for the log line. */
  readonly examples: Partial<Record<DirectoryProblem, string>>;
}

export function noDirectoryProblems(): DirectoryProblems {
  return { counts: { future_mtime: 0, dangling_symlink: 0, impossible_date: 0 }, examples: {} };
}

export function addDirectoryProblem(problems: DirectoryProblems, problem: DirectoryProblem, file: string): void {
  problems.counts[problem] += 1;
  problems.examples[problem] ??= file;
}
