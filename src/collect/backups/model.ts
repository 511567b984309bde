// Facts about backups, as the directory scanner, the verifier and pgBackRest reader produce them, and the per
// (database, type) summary that the metric families are built from.
import type { DumpFormat } from './filename.js';
import type { ParsedMeta } from './meta.js';
import type { Sha256Entry } from './sha256.js';

export const BACKUP_PROBLEMS = [
  'checksum_mismatch',
  'checksum_missing',
  'meta_missing',
  'meta_invalid',
  'failed',
  'corrupt_archive',
  'empty',
  'unreadable',
] as const;
export type BackupProblem = (typeof BACKUP_PROBLEMS)[number];

export type MetaState =
  | { readonly state: 'missing' }
  | { readonly state: 'unreadable'; readonly error: string }
  | { readonly state: 'parsed'; readonly parsed: ParsedMeta };

export type ChecksumState =
  | { readonly state: 'missing' }
  | { readonly state: 'unreadable'; readonly error: string }
  | { readonly state: 'invalid'; readonly reason: string }
  | { readonly state: 'parsed'; readonly entries: readonly Sha256Entry[] };

/** One dump file with what its sidecar files say. */
export interface BackupFile {
  readonly name: string;
  readonly path: string;
  readonly database: string;
  readonly type: string;
  /** The file name's timestamp, seconds since the epoch. */
  readonly fileTimestamp: number;
  readonly format: DumpFormat;
  /** Null when the dump could not be stat'ed (permissions, symlink loop). */
  readonly size: number | null;
  readonly mtimeMs: number | null;
  readonly statError?: string;
  readonly meta: MetaState;
  readonly checksum: ChecksumState;
  /** From the directory's configuration. */
  readonly verify: boolean;
  readonly retentionSeconds: number;
}

/** The result of reading a dump to its end: its SHA-256 and whether the gzip stream was whole. */
export type Verification =
  | { readonly state: 'pending' }
  | {
      readonly state: 'done';
      readonly sha256: string;
      /** For comparing with an off-site copy's ETag; absent in results cached before it was recorded. */
      readonly md5?: string;
      readonly archive: 'ok' | 'truncated' | 'corrupt';
      readonly detail?: string;
    }
  | { readonly state: 'unreadable'; readonly error: string };

export type ProblemCounts = Record<BackupProblem, number>;

export function zeroProblems(): ProblemCounts {
  return Object.fromEntries(BACKUP_PROBLEMS.map((problem) => [problem, 0])) as ProblemCounts;
}

/** The facts one (database, type) pair exposes as metrics. */
export interface BackupGroupSummary {
  readonly database: string;
  readonly type: string;
  readonly files: number;
  readonly totalSizeBytes: number;
  readonly oldestTimestamp: number;
  /** Time of the newest backup, whatever its state. */
  readonly lastTimestamp: number;
  readonly lastSizeBytes: number;
  readonly lastDurationSeconds?: number;
  /** Newest backup known good; 0 when none is; undefined while unknown (none known good, some still pending). */
  readonly lastSuccessTimestamp?: number;
  /** Configured retention; undefined for sources that have none (pgBackRest manages its own). */
  readonly retentionSeconds?: number;
  /** Backups newer than the last known good one whose checks have not finished. */
  readonly verificationPending: number;
  readonly problems: ProblemCounts;
  /** One file name per problem, for the log line. */
  readonly examples: Partial<Record<BackupProblem, string>>;
  /** The newest good dump (directories only): what a restore drill restores. */
  readonly lastSuccessFile?: BackupFile;
}
