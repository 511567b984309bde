// One backup directory: list it once (readdir with file types), never follow a symlinked directory, and touch files
// only when needed. The backup job never rewrites a finished dump, so a dump is stat'ed when it appears, while it is
// the newest of its (database, type) or younger than a day; its sidecars are re-read when the dump or the listing of
// its sidecars changes, and always for the newest (they may still be being written). Caches live with the scanner.
import type { Dirent } from 'node:fs';
import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupDirConfig } from './config.js';
import {
  addDirectoryProblem,
  clampedMtimeMs,
  type DirectoryProblems,
  isFutureMtime,
  noDirectoryProblems,
} from './clock.js';
import { errorCode, mapLimit } from './concurrency.js';
import type { DirectoryFacts, WalArchiveFacts } from './families.js';
import { hasImpossibleDate, parseBackupFileName, type BackupFileName } from './filename.js';
import type { BackupFile } from './model.js';
import { type ListedAs, readSidecars, type Sidecars } from './sidecars.js';
import { isSymlink, WalArchiveScanner } from './wal-scan.js';

const STAT_CONCURRENCY = 16;
const RESTAT_YOUNGER_THAN_MS = 86_400_000;

export interface ScanIssue {
  readonly path: string;
  readonly error: string;
}

export interface DirectoryScan {
  readonly directories: DirectoryFacts[];
  readonly walArchive?: WalArchiveFacts;
  readonly files: BackupFile[];
  readonly issues: ScanIssue[];
}

/** Regular files and symlinks (to be stat'ed) qualify; directories never do. DT_UNKNOWN sets no flag at all. */
function mayBeFile(entry: Dirent): boolean {
  return entry.isFile() || entry.isSymbolicLink() || !(entry.isDirectory() || entry.isFIFO() || entry.isSocket());
}

export async function filesystemFacts(path: string, up: boolean): Promise<DirectoryFacts> {
  if (!up) return { path, up };
  try {
    const fs = await statfs(path);
    return { path, up, fsAvailBytes: fs.bavail * fs.bsize, fsSizeBytes: fs.blocks * fs.bsize };
  } catch {
    return { path, up };
  }
}

interface CachedSidecars {
  readonly key: string;
  readonly sidecars: Sidecars;
}

interface DumpStat {
  readonly size: number | null;
  /** Clamped to when this (size, mtime) was first seen, so a future mtime cannot keep a dump "being written". */
  readonly mtimeMs: number | null;
  readonly rawMtimeMs?: number;
  readonly firstSeenMs?: number;
  readonly statError?: string;
}

function listedAs(entry: Dirent | undefined): ListedAs {
  return entry === undefined ? 'absent' : entry.isFile() ? 'file' : 'other';
}

export class DirectoryScanner {
  private readonly sidecarCache = new Map<string, CachedSidecars>();
  private readonly statCache = new Map<string, DumpStat>();
  private readonly nameCache = new Map<string, BackupFileName | null>();
  private readonly wal = new WalArchiveScanner();
  private readonly retentionSeconds: number;

  constructor(readonly config: BackupDirConfig) {
    this.retentionSeconds = config.retention / 1000;
  }

  /** `nowMs` decides which dumps are young enough to be stat'ed again. */
  async scan(nowMs: number = Date.now()): Promise<DirectoryScan> {
    const path = this.config.path;
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      this.clearCaches();
      const walArchive = await this.scanWal(undefined, nowMs);
      return {
        directories: [{ path, up: false }, ...(walArchive ? [walArchive.dir] : [])],
        walArchive: walArchive?.facts,
        files: [],
        issues: [{ path, error: errorCode(error) }, ...(walArchive?.issue ? [walArchive.issue] : [])],
      };
    }
    const problems = noDirectoryProblems();
    const files = await this.scanDumps(entries, nowMs, problems);
    const stillThere = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    const walArchive = await this.scanWal(entries, nowMs);
    const issues: ScanIssue[] = stillThere ? [] : [{ path, error: 'ENOENT' }];
    if (walArchive?.issue) issues.push(walArchive.issue);
    const facts = await filesystemFacts(path, stillThere);
    return {
      directories: [stillThere ? { ...facts, problems } : facts, ...(walArchive ? [walArchive.dir] : [])],
      walArchive: walArchive?.facts,
      files: stillThere ? files : [],
      issues,
    };
  }

  close(): void {
    this.clearCaches();
  }

  private clearCaches(): void {
    this.sidecarCache.clear();
    this.statCache.clear();
    this.nameCache.clear();
  }

  private parseName(name: string): BackupFileName | null {
    let parsed = this.nameCache.get(name);
    if (parsed === undefined) {
      parsed = parseBackupFileName(name, this.config.timezone);
      this.nameCache.set(name, parsed);
    }
    return parsed;
  }

  private async scanDumps(entries: Dirent[], nowMs: number, problems: DirectoryProblems): Promise<BackupFile[]> {
    const listing = new Map<string, Dirent>();
    const dumps: Array<{ name: string; parsed: BackupFileName }> = [];
    for (const entry of entries) {
      if (!mayBeFile(entry)) continue;
      listing.set(entry.name, entry);
      const parsed = this.parseName(entry.name);
      if (parsed) dumps.push({ name: entry.name, parsed });
      else if (hasImpossibleDate(entry.name, this.config.timezone))
        addDirectoryProblem(problems, 'impossible_date', entry.name);
    }
    for (const cache of [this.sidecarCache, this.statCache, this.nameCache]) {
      for (const name of cache.keys()) if (!listing.has(name)) cache.delete(name);
    }
    const newest = new Map<string, { name: string; timestamp: number }>();
    for (const { name, parsed } of dumps) {
      const key = `${parsed.database}\u0000${parsed.type}`;
      const seen = newest.get(key);
      if (!seen || parsed.timestamp > seen.timestamp) newest.set(key, { name, timestamp: parsed.timestamp });
    }
    const fresh = new Set([...newest.values()].map((n) => n.name));
    const results = await mapLimit(dumps, STAT_CONCURRENCY, (dump) =>
      this.describeDump(dump.name, dump.parsed, listing, fresh.has(dump.name), nowMs),
    );
    const files: BackupFile[] = [];
    results.forEach((result, i) => {
      const name = dumps[i]!.name;
      if (result === 'dangling') addDirectoryProblem(problems, 'dangling_symlink', name);
      else if (result !== undefined) {
        files.push(result);
        const raw = this.statCache.get(name)?.rawMtimeMs;
        if (raw !== undefined && isFutureMtime(raw, nowMs)) addDirectoryProblem(problems, 'future_mtime', name);
      }
    });
    return files;
  }

  private async statDump(
    path: string,
    name: string,
    fresh: boolean,
    nowMs: number,
  ): Promise<DumpStat | 'dangling' | undefined> {
    const cached = this.statCache.get(name);
    const settled =
      cached !== undefined && cached.mtimeMs !== null && cached.mtimeMs <= nowMs - RESTAT_YOUNGER_THAN_MS && !fresh;
    if (settled) return cached;
    let result: DumpStat;
    try {
      const s = await stat(path);
      if (!s.isFile()) return undefined; // a symlink to a directory, a device: not a dump
      const unchanged = cached?.size === s.size && cached.rawMtimeMs === s.mtimeMs;
      const firstSeenMs = unchanged ? (cached.firstSeenMs ?? nowMs) : nowMs;
      result = { size: s.size, mtimeMs: clampedMtimeMs(s.mtimeMs, firstSeenMs), rawMtimeMs: s.mtimeMs, firstSeenMs };
    } catch (error) {
      const code = errorCode(error);
      // A symlink to nothing is reported; any other ENOENT is a file removed since the listing (the clean-up job).
      if (code === 'ENOENT') return (await isSymlink(path)) ? 'dangling' : undefined;
      result = { size: null, mtimeMs: null, statError: code };
    }
    this.statCache.set(name, result);
    return result;
  }

  private async describeDump(
    name: string,
    parsed: BackupFileName,
    listing: ReadonlyMap<string, Dirent>,
    fresh: boolean,
    nowMs: number,
  ): Promise<BackupFile | 'dangling' | undefined> {
    const path = join(this.config.path, name);
    const dumpStat = await this.statDump(path, name, fresh, nowMs);
    if (dumpStat === undefined || dumpStat === 'dangling') {
      this.statCache.delete(name);
      return dumpStat;
    }
    const listed = { meta: listedAs(listing.get(`${name}.meta`)), sha256: listedAs(listing.get(`${name}.sha256`)) };
    const key = `${dumpStat.size}:${dumpStat.mtimeMs}:${listed.meta}:${listed.sha256}`;
    const cached = this.sidecarCache.get(name);
    let sidecars = cached?.sidecars;
    if (fresh || !cached || cached.key !== key) {
      sidecars = await readSidecars(path, listed, this.config.timezone);
      this.sidecarCache.set(name, { key, sidecars });
    }
    return {
      name,
      path,
      database: parsed.database,
      type: parsed.type,
      fileTimestamp: parsed.timestamp,
      size: dumpStat.size,
      mtimeMs: dumpStat.mtimeMs,
      ...(dumpStat.statError !== undefined ? { statError: dumpStat.statError } : {}),
      meta: sidecars!.meta,
      checksum: sidecars!.checksum,
      verify: this.config.verify,
      retentionSeconds: this.retentionSeconds,
    };
  }

  /** The WAL archive: the configured one, else `<path>/wal_archive` when the listing shows it. */
  private async scanWal(
    entries: Dirent[] | undefined,
    nowMs: number,
  ): Promise<{ dir: DirectoryFacts; facts?: WalArchiveFacts; issue?: ScanIssue } | undefined> {
    let walPath = this.config.wal_archive;
    if (walPath === undefined) {
      const entry = entries?.find((e) => e.name === 'wal_archive');
      if (!entry || !(entry.isDirectory() || entry.isSymbolicLink())) return undefined;
      walPath = join(this.config.path, 'wal_archive');
    }
    const result = await this.wal.scan(walPath, nowMs);
    if (result.error !== undefined) {
      if (this.config.wal_archive === undefined && result.error === 'ENOTDIR') return undefined;
      return { dir: { path: walPath, up: false }, issue: { path: walPath, error: result.error } };
    }
    const dir = { ...(await filesystemFacts(walPath, true)), problems: result.problems };
    return { dir, facts: { path: walPath, ...result.summary! } };
  }
}
