// One backup directory: list it once (readdir with file types), stat only the dumps, read sidecars only when new or
// changed, and never follow a symlinked directory. Caches live as long as the scanner.
import type { Dirent } from 'node:fs';
import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupDirConfig } from './config.js';
import { errorCode, mapLimit } from './concurrency.js';
import { parsePromDurationSeconds } from './duration.js';
import type { DirectoryFacts, WalArchiveFacts } from './families.js';
import { parseBackupFileName, type BackupFileName } from './filename.js';
import type { BackupFile } from './model.js';
import { readSidecars, type Sidecars } from './sidecars.js';
import { WalArchiveScanner } from './wal-scan.js';

const STAT_CONCURRENCY = 16;

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

export class DirectoryScanner {
  private readonly sidecarCache = new Map<string, CachedSidecars>();
  private readonly wal = new WalArchiveScanner();
  private readonly retentionSeconds: number;

  constructor(readonly config: BackupDirConfig) {
    this.retentionSeconds = parsePromDurationSeconds(config.retention) ?? 30 * 86400;
  }

  async scan(): Promise<DirectoryScan> {
    const path = this.config.path;
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      this.sidecarCache.clear();
      const walArchive = await this.scanWal(undefined);
      return {
        directories: [{ path, up: false }, ...(walArchive ? [walArchive.dir] : [])],
        walArchive: walArchive?.facts,
        files: [],
        issues: [{ path, error: errorCode(error) }, ...(walArchive?.issue ? [walArchive.issue] : [])],
      };
    }
    const files = await this.scanDumps(entries);
    const stillThere = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    const walArchive = await this.scanWal(entries);
    const issues: ScanIssue[] = stillThere ? [] : [{ path, error: 'ENOENT' }];
    if (walArchive?.issue) issues.push(walArchive.issue);
    return {
      directories: [await filesystemFacts(path, stillThere), ...(walArchive ? [walArchive.dir] : [])],
      walArchive: walArchive?.facts,
      files: stillThere ? files : [],
      issues,
    };
  }

  close(): void {
    this.sidecarCache.clear();
  }

  private async scanDumps(entries: Dirent[]): Promise<BackupFile[]> {
    const names = new Set<string>();
    const dumps: Array<{ name: string; parsed: BackupFileName }> = [];
    for (const entry of entries) {
      if (!mayBeFile(entry)) continue;
      names.add(entry.name);
      const parsed = parseBackupFileName(entry.name, this.config.timezone);
      if (parsed) dumps.push({ name: entry.name, parsed });
    }
    // The newest dump of each (database, type) may still have its sidecars being written: always re-read those.
    const newest = new Map<string, { name: string; timestamp: number }>();
    for (const { name, parsed } of dumps) {
      const key = `${parsed.database}\u0000${parsed.type}`;
      const seen = newest.get(key);
      if (!seen || parsed.timestamp > seen.timestamp) newest.set(key, { name, timestamp: parsed.timestamp });
    }
    const fresh = new Set([...newest.values()].map((n) => n.name));
    const results = await mapLimit(dumps, STAT_CONCURRENCY, (dump) =>
      this.describeDump(dump.name, dump.parsed, names, fresh.has(dump.name)),
    );
    for (const name of this.sidecarCache.keys()) if (!names.has(name)) this.sidecarCache.delete(name);
    return results.filter((file): file is BackupFile => file !== undefined);
  }

  private async describeDump(
    name: string,
    parsed: BackupFileName,
    names: ReadonlySet<string>,
    fresh: boolean,
  ): Promise<BackupFile | undefined> {
    const path = join(this.config.path, name);
    let size: number | null = null;
    let mtimeMs: number | null = null;
    let statError: string | undefined;
    try {
      const s = await stat(path);
      if (!s.isFile()) return undefined; // a symlink to a directory, a device: not a dump
      size = s.size;
      mtimeMs = s.mtimeMs;
    } catch (error) {
      statError = errorCode(error);
      if (statError === 'ENOENT') return undefined; // removed since the listing: the clean-up job at work
    }
    const present = { meta: names.has(`${name}.meta`), sha256: names.has(`${name}.sha256`) };
    const key = `${size}:${mtimeMs}:${present.meta}:${present.sha256}`;
    const cached = this.sidecarCache.get(name);
    let sidecars = cached?.sidecars;
    if (fresh || !cached || cached.key !== key) {
      sidecars = await readSidecars(path, present, this.config.timezone);
      this.sidecarCache.set(name, { key, sidecars });
    }
    return {
      name,
      path,
      database: parsed.database,
      type: parsed.type,
      fileTimestamp: parsed.timestamp,
      size,
      mtimeMs,
      ...(statError ? { statError } : {}),
      meta: sidecars!.meta,
      checksum: sidecars!.checksum,
      verify: this.config.verify,
      retentionSeconds: this.retentionSeconds,
    };
  }

  /** The WAL archive: the configured one, else `<path>/wal_archive` when the listing shows it. */
  private async scanWal(
    entries: Dirent[] | undefined,
  ): Promise<{ dir: DirectoryFacts; facts?: WalArchiveFacts; issue?: ScanIssue } | undefined> {
    let walPath = this.config.wal_archive;
    if (walPath === undefined) {
      const entry = entries?.find((e) => e.name === 'wal_archive');
      if (!entry || !(entry.isDirectory() || entry.isSymbolicLink())) return undefined;
      walPath = join(this.config.path, 'wal_archive');
    }
    const result = await this.wal.scan(walPath);
    if (result.error !== undefined) {
      if (this.config.wal_archive === undefined && result.error === 'ENOTDIR') return undefined;
      return { dir: { path: walPath, up: false }, issue: { path: walPath, error: result.error } };
    }
    return { dir: await filesystemFacts(walPath, true), facts: { path: walPath, ...result.summary! } };
  }
}
