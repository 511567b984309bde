// Archived WAL files never change once written, so each is stat'ed once: later scans only stat new names. An mtime
// ahead of the agent's clock is clamped to when the file was first seen, and reported (clock.ts).
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  addDirectoryProblem,
  clampedMtimeMs,
  type DirectoryProblems,
  isFutureMtime,
  noDirectoryProblems,
} from './clock.js';
import { errorCode, mapLimit } from './concurrency.js';
import { classifyWalFile, summariseWalArchive, type WalArchiveSummary, type WalEntry } from './wal.js';

interface SeenWalFile extends WalEntry {
  /** The file's own mtime, before clamping. */
  readonly rawMtimeMs: number;
}

export interface WalScan {
  readonly summary?: WalArchiveSummary;
  readonly error?: string;
  readonly problems?: DirectoryProblems;
}

export class WalArchiveScanner {
  private readonly stats = new Map<string, SeenWalFile>();
  private cachedPath: string | undefined;

  async scan(path: string, nowMs: number = Date.now()): Promise<WalScan> {
    if (path !== this.cachedPath) this.stats.clear();
    this.cachedPath = path;
    let names: string[];
    try {
      const entries = await readdir(path, { withFileTypes: true });
      names = entries.filter((e) => !e.isDirectory() && classifyWalFile(e.name)).map((e) => e.name);
    } catch (error) {
      this.stats.clear();
      return { error: errorCode(error) };
    }
    const problems = noDirectoryProblems();
    const present = new Set(names);
    for (const name of this.stats.keys()) if (!present.has(name)) this.stats.delete(name);
    const unseen = names.filter((name) => !this.stats.has(name));
    await mapLimit(unseen, 16, async (name) => {
      try {
        const s = await stat(join(path, name));
        if (s.isFile()) {
          const mtimeMs = clampedMtimeMs(s.mtimeMs, nowMs);
          this.stats.set(name, { name, size: s.size, mtimeMs, rawMtimeMs: s.mtimeMs });
        }
      } catch (error) {
        // Removed since the listing (recycled by a clean-up) or unreadable: it does not count. A symlink whose target
        // is gone is reported: an archive that links to files elsewhere has lost one.
        if (errorCode(error) === 'ENOENT' && (await isSymlink(join(path, name))))
          addDirectoryProblem(problems, 'dangling_symlink', name);
      }
    });
    for (const file of this.stats.values()) {
      if (isFutureMtime(file.rawMtimeMs, nowMs)) addDirectoryProblem(problems, 'future_mtime', file.name);
    }
    return { summary: summariseWalArchive([...this.stats.values()]), problems };
  }
}

/** Whether `path` itself is a symlink (lstat does not follow it). */
export function isSymlink(path: string): Promise<boolean> {
  return lstat(path).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
}
