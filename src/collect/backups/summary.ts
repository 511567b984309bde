// The decision: which backups are good, which still need checking, and the facts per (database, type).
//
// A backup counts as good only when every check that can run on it has passed: the dump is readable and not empty,
// its .meta (when readable) does not say `status=failed`, its .sha256 (when present and well-formed) names it, and,
// with `verify` on, its SHA-256 matches and its gzip stream is whole. A check that cannot run (no .meta, no .sha256)
// does not block: it is reported as its own problem. While the newest backups wait for verification, the newest
// backup already known good is reported as the last success.
import {
  type BackupFile,
  type BackupGroupSummary,
  type BackupProblem,
  type Verification,
  zeroProblems,
} from './model.js';
import { expectedSha256 } from './sha256.js';

export type BackupState = 'good' | 'bad' | 'pending';

export interface Assessment {
  readonly state: BackupState;
  readonly problems: readonly BackupProblem[];
}

export interface SummaryOptions {
  /** Now, ms since the epoch. */
  readonly nowMs: number;
  /** A dump modified less than this long ago may still be being written: it is pending and not checked yet. */
  readonly settleMs: number;
}

export interface BackupsSummary {
  readonly groups: BackupGroupSummary[];
  /** Dumps to verify next, most urgent first: per (database, type), the newest one that may be the last success. */
  readonly verifyQueue: BackupFile[];
}

/** A backup's time: `finished_at` from its .meta when valid, else the file name's timestamp. */
export function backupTime(file: BackupFile): number {
  return (file.meta.state === 'parsed' ? file.meta.parsed.meta.finishedAt : undefined) ?? file.fileTimestamp;
}

function durationOf(file: BackupFile): number | undefined {
  if (file.meta.state !== 'parsed') return undefined;
  const { durationSeconds, startedAt, finishedAt } = file.meta.parsed.meta;
  if (durationSeconds !== undefined) return durationSeconds;
  return startedAt !== undefined && finishedAt !== undefined && finishedAt >= startedAt
    ? finishedAt - startedAt
    : undefined;
}

export function isInProgress(file: BackupFile, options: SummaryOptions): boolean {
  return file.mtimeMs !== null && file.mtimeMs > options.nowMs - options.settleMs;
}

/** The checks on one dump. `verification` is undefined when it has not been verified (or verify is off). */
export function assessBackup(file: BackupFile, verification: Verification | undefined): Assessment {
  const problems = new Set<BackupProblem>();
  let blocked = false;
  if (file.size === null) {
    problems.add('unreadable');
    blocked = true;
  } else if (file.size === 0) {
    problems.add('empty');
    blocked = true;
  }
  if (file.meta.state === 'missing') problems.add('meta_missing');
  else if (file.meta.state === 'unreadable') problems.add('unreadable');
  else {
    if (file.meta.parsed.problems.length > 0) problems.add('meta_invalid');
    if (file.meta.parsed.meta.status === 'failed') {
      problems.add('failed');
      blocked = true;
    }
  }
  let expected: string | null = null;
  if (file.checksum.state === 'missing' || file.checksum.state === 'invalid') problems.add('checksum_missing');
  else if (file.checksum.state === 'unreadable') problems.add('unreadable');
  else {
    expected = expectedSha256(file.checksum.entries, file.name);
    if (expected === null) {
      problems.add('checksum_mismatch');
      blocked = true;
    }
  }
  if (blocked) return { state: 'bad', problems: [...problems] };
  if (!file.verify) return { state: 'good', problems: [...problems] };
  if (verification === undefined || verification.state === 'pending')
    return { state: 'pending', problems: [...problems] };
  if (verification.state === 'unreadable') {
    problems.add('unreadable');
    return { state: 'bad', problems: [...problems] };
  }
  if (verification.archive !== 'ok') problems.add('corrupt_archive');
  if (expected !== null && verification.sha256 !== expected) problems.add('checksum_mismatch');
  const bad = verification.archive !== 'ok' || (expected !== null && verification.sha256 !== expected);
  return { state: bad ? 'bad' : 'good', problems: [...problems] };
}

function groupKey(file: BackupFile): string {
  return `${file.database}\u0000${file.type}`;
}

function newestFirst(a: BackupFile, b: BackupFile): number {
  return backupTime(b) - backupTime(a) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0);
}

function summariseGroup(
  files: BackupFile[],
  verifications: ReadonlyMap<string, Verification>,
  options: SummaryOptions,
): { summary: BackupGroupSummary; toVerify?: BackupFile } {
  files.sort(newestFirst);
  const newest = files[0]!;
  const problems = zeroProblems();
  const examples: BackupGroupSummary['examples'] = {};
  let lastSuccess: number | undefined;
  let lastSuccessFile: BackupFile | undefined;
  let pending = 0;
  let toVerify: BackupFile | undefined;
  for (const file of files) {
    const inProgress = isInProgress(file, options);
    const assessment: Assessment = inProgress
      ? { state: 'pending', problems: [] }
      : assessBackup(file, verifications.get(file.path));
    for (const problem of assessment.problems) {
      problems[problem] += 1;
      examples[problem] ??= file.name;
    }
    if (lastSuccess !== undefined) continue;
    if (assessment.state === 'good') {
      lastSuccess = backupTime(file);
      lastSuccessFile = file;
    } else if (assessment.state === 'pending') {
      pending += 1;
      if (!inProgress) toVerify ??= file;
    }
  }
  // Loops, not Math.min(...spread): a group may hold more files than a call has room for arguments.
  let totalSizeBytes = 0;
  let oldestTimestamp = Infinity;
  let retentionSeconds = 0;
  for (const file of files) {
    totalSizeBytes += file.size ?? 0;
    oldestTimestamp = Math.min(oldestTimestamp, backupTime(file));
    retentionSeconds = Math.max(retentionSeconds, file.retentionSeconds);
  }
  const summary: BackupGroupSummary = {
    database: newest.database,
    type: newest.type,
    files: files.length,
    totalSizeBytes,
    oldestTimestamp,
    lastTimestamp: backupTime(newest),
    lastSizeBytes: newest.size ?? 0,
    lastDurationSeconds: durationOf(newest),
    lastSuccessTimestamp: lastSuccess ?? (pending > 0 ? undefined : 0),
    retentionSeconds,
    verificationPending: pending,
    problems,
    examples,
    ...(lastSuccessFile ? { lastSuccessFile } : {}),
  };
  return { summary, toVerify };
}

/** Per (database, type): counts, sizes, times, problems, the last success, and which dumps to verify next. */
export function summariseBackups(
  files: readonly BackupFile[],
  verifications: ReadonlyMap<string, Verification>,
  options: SummaryOptions,
): BackupsSummary {
  const groups = new Map<string, BackupFile[]>();
  for (const file of files) {
    const list = groups.get(groupKey(file));
    if (list) list.push(file);
    else groups.set(groupKey(file), [file]);
  }
  const summaries: BackupGroupSummary[] = [];
  const queue: BackupFile[] = [];
  for (const list of groups.values()) {
    const { summary, toVerify } = summariseGroup(list, verifications, options);
    summaries.push(summary);
    if (toVerify) queue.push(toVerify);
  }
  summaries.sort((a, b) => (a.database + '\u0000' + a.type < b.database + '\u0000' + b.type ? -1 : 1));
  queue.sort(newestFirst);
  return { groups: summaries, verifyQueue: queue };
}
