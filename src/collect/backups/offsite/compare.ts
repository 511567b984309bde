// The decision: does each local dump have a faithful copy off-site? Pure, so it is tested by tables.
//
// A dump is compared once it is older than the grace time (the copy may still be on its way) and made within the
// window (off-site retention may be shorter than local). Presence and size always; the checksum when both sides know
// one: the copy's `.sha256` against the dump's SHA-256, else a single-part upload's ETag against the dump's MD5.
import { parseBackupFileName } from '../filename.js';
import type { BackupFile, Verification } from '../model.js';
import { expectedSha256 } from '../sha256.js';
import { backupTime } from '../summary.js';
import { OFFSITE_PROBLEMS, type OffsiteCopy, type OffsiteGroup, type OffsiteProblem } from './model.js';

export type CopyVerdict = 'ok' | OffsiteProblem;

export interface CompareOptions {
  readonly nowMs: number;
  readonly graceMs: number;
  /** Only dumps whose backup time is within this many ms of now are compared. */
  readonly withinMs: number;
  readonly compareEtag: boolean;
  /** IANA zone of the file names' times (the directory's). */
  readonly timeZone?: string;
}

/** What is known of the local dump's bytes: from its verification, else from its own `.sha256`. */
export interface LocalDigests {
  readonly sha256?: string;
  readonly md5?: string;
}

const SINGLE_PART_ETAG = /^[0-9a-f]{32}$/;

export function localDigests(file: BackupFile, verification: Verification | undefined): LocalDigests {
  if (verification?.state === 'done') return { sha256: verification.sha256, md5: verification.md5 };
  const recorded = file.checksum.state === 'parsed' ? expectedSha256(file.checksum.entries, file.name) : null;
  return recorded ? { sha256: recorded } : {};
}

/** One dump against its copy (undefined: no copy). */
export function judgeCopy(
  size: number,
  digests: LocalDigests,
  copy: OffsiteCopy | undefined,
  compareEtag: boolean,
): CopyVerdict {
  if (!copy) return 'missing';
  if (copy.size !== size) return 'size_mismatch';
  if (copy.sidecar.state === 'read' && copy.sidecar.sha256 !== null && digests.sha256)
    return copy.sidecar.sha256 === digests.sha256 ? 'ok' : 'checksum_mismatch';
  const etag = copy.etag?.toLowerCase();
  if (compareEtag && etag && SINGLE_PART_ETAG.test(etag) && digests.md5)
    return etag === digests.md5 ? 'ok' : 'checksum_mismatch';
  return 'checksum_unknown';
}

/** Whether a local dump must have a copy by now: finished, settled past the grace time, within the window. */
export function isDue(file: BackupFile, options: CompareOptions): file is BackupFile & { size: number } {
  if (file.size === null || file.size === 0 || file.mtimeMs === null) return false;
  if (file.meta.state === 'parsed' && file.meta.parsed.meta.status === 'failed') return false;
  if (file.mtimeMs > options.nowMs - options.graceMs) return false;
  return backupTime(file) * 1000 >= options.nowMs - options.withinMs;
}

interface GroupBuilder {
  database: string;
  type: string;
  copies: number;
  lastCopyTimestamp: number;
  problems: Record<OffsiteProblem, number>;
  examples: Partial<Record<OffsiteProblem, string>>;
}

export function compareOffsite(
  files: readonly BackupFile[],
  verifications: ReadonlyMap<string, Verification>,
  copies: readonly OffsiteCopy[],
  options: CompareOptions,
): OffsiteGroup[] {
  const groups = new Map<string, GroupBuilder>();
  const groupOf = (database: string, type: string): GroupBuilder => {
    const key = `${database}\u0000${type}`;
    let group = groups.get(key);
    if (!group) {
      const problems = Object.fromEntries(OFFSITE_PROBLEMS.map((p) => [p, 0])) as Record<OffsiteProblem, number>;
      group = { database, type, copies: 0, lastCopyTimestamp: 0, problems, examples: {} };
      groups.set(key, group);
    }
    return group;
  };
  const copyByName = new Map<string, OffsiteCopy>();
  for (const copy of copies) {
    const parsed = parseBackupFileName(copy.name, options.timeZone);
    if (!parsed) continue;
    copyByName.set(copy.name, copy);
    const group = groupOf(parsed.database, parsed.type);
    group.copies++;
    group.lastCopyTimestamp = Math.max(group.lastCopyTimestamp, parsed.timestamp);
  }
  for (const file of files) {
    const group = groupOf(file.database, file.type);
    if (!isDue(file, options)) continue;
    const verdict = judgeCopy(
      file.size,
      localDigests(file, verifications.get(file.path)),
      copyByName.get(file.name),
      options.compareEtag,
    );
    if (verdict === 'ok') continue;
    group.problems[verdict]++;
    group.examples[verdict] ??= file.name;
  }
  return [...groups.values()];
}
