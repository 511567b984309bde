// Follows the newest log file matching a glob across rotations, from a saved position:
// - rename (logrotate's default, or the server's own new file per log_filename): the file keeps its dev+inode, so it
//   is found under its new name (in the glob or beside it) and read to its end before the newer file, from 0;
// - copytruncate: the file is shorter than the position, or starts with other bytes; the unread tail is read from the
//   copy (a file in the same directory starting with the same bytes), then the truncated file from 0;
// - a file whose first bytes match one already read to its end (a copy, a renamed file) is not read again.
// Each poll reads at most `maxBytes`; a larger backlog is skipped from its oldest end and counted.
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { FINGERPRINT_BYTES, fingerprintOf, sameStart, type Fingerprint } from './fingerprint.js';
import type { FilePosition, PositionStore, SavedPosition } from './position.js';

export interface ReadSink {
  /** The next bytes of the file being read. */
  data(chunk: Buffer): void;
  /** The file read so far ended for good (rotated away): its last record is complete. */
  fileEnd(): void;
  /** Bytes were skipped (the catch-up cap): the next data starts mid-record. */
  skipped(bytes: number): void;
  /** Bytes of an unfinished record held by the sink, not yet to be covered by the saved position. */
  pendingBytes(): number;
}

export interface PollResult {
  readonly readable: boolean;
  /** Why nothing could be read (no file matches, permission denied); safe to log. */
  readonly problem?: string;
  readonly bytesRead: number;
  readonly skippedBytes: number;
  readonly rotations: number;
  readonly file?: string;
}

interface LogFile {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

interface Segment {
  readonly file: LogFile;
  from: number;
  readonly to: number;
  /** Read to its end for good: another file follows. */
  readonly ends: boolean;
}

const CHUNK_BYTES = 1 << 20;
const FINISHED_KEPT = 32;

async function statFile(file: string): Promise<LogFile | undefined> {
  try {
    const s = await stat(file, { bigint: true });
    if (!s.isFile()) return undefined;
    return {
      path: file,
      dev: Number(s.dev),
      ino: Number(s.ino),
      size: Number(s.size),
      mtimeMs: Number(s.mtimeNs) / 1e6,
    };
  } catch {
    return undefined;
  }
}

const sameFile = (a: { dev: number; ino: number }, b: { dev: number; ino: number }) =>
  a.dev === b.dev && a.ino === b.ino;
const byAge = (a: LogFile, b: LogFile) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path);

async function fingerprintFile(file: string, length = FINGERPRINT_BYTES): Promise<Fingerprint | undefined> {
  try {
    const handle = await open(file, 'r');
    try {
      return await fingerprintOf(handle, length);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

export class LogFollower {
  constructor(
    private readonly pattern: string,
    private readonly store: PositionStore,
    private readonly maxBytes: number,
  ) {}

  private async matching(): Promise<LogFile[]> {
    const paths = await glob(this.pattern, { absolute: true, onlyFiles: true, dot: true });
    const files = await Promise.all(paths.map(statFile));
    return files.filter((f): f is LogFile => f !== undefined).sort(byAge);
  }

  /** The files beside `dir`'s entries (a rotated file renamed out of the glob stays in its directory). */
  private async siblings(dir: string): Promise<LogFile[]> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const files = await Promise.all(names.map((n) => statFile(path.join(dir, n))));
    return files.filter((f): f is LogFile => f !== undefined);
  }

  async poll(sink: ReadSink): Promise<PollResult> {
    let files: LogFile[];
    try {
      files = await this.matching();
    } catch (error) {
      return { readable: false, problem: (error as Error).message, bytesRead: 0, skippedBytes: 0, rotations: 0 };
    }
    const saved = this.store.value;
    const current = saved.current;
    if (!current) return this.startAtEnd(files, saved);
    const plan = await this.plan(files, saved, current);
    if (plan.length === 0) {
      const problem = files.length === 0 ? `no file matches ${this.pattern}` : undefined;
      return {
        readable: files.length > 0,
        ...(problem ? { problem } : {}),
        bytesRead: 0,
        skippedBytes: 0,
        rotations: 0,
      };
    }
    return this.read(plan, saved, sink);
  }

  private async startAtEnd(files: readonly LogFile[], saved: SavedPosition): Promise<PollResult> {
    const newest = files.at(-1);
    if (!newest)
      return {
        readable: false,
        problem: `no file matches ${this.pattern}`,
        bytesRead: 0,
        skippedBytes: 0,
        rotations: 0,
      };
    const fingerprint = await fingerprintFile(newest.path);
    if (!fingerprint)
      return { readable: false, problem: `cannot read ${newest.path}`, bytesRead: 0, skippedBytes: 0, rotations: 0 };
    await this.store.save({ ...saved, current: { ...identity(newest), offset: newest.size, fingerprint } });
    return { readable: true, bytesRead: 0, skippedBytes: 0, rotations: 0, file: newest.path };
  }

  /** What to read this time, oldest first. */
  private async plan(files: readonly LogFile[], saved: SavedPosition, current: FilePosition): Promise<Segment[]> {
    const dir = path.dirname(current.path);
    let siblings: LogFile[] | undefined;
    const nearby = async () => (siblings ??= await this.siblings(dir));
    const segments: Segment[] = [];
    const self = files.find((f) => sameFile(f, current)) ?? (await nearby()).find((f) => sameFile(f, current));
    if (self) {
      const start = await fingerprintFile(self.path, current.fingerprint.length);
      if (self.size < current.offset || !start || !sameStart(current.fingerprint, start)) {
        // Truncated (copytruncate) or rewritten: the unread tail is in the copy, if there is one.
        const candidates = [...files, ...(await nearby())].filter(
          (f) => !sameFile(f, self) && f.size >= current.offset,
        );
        for (const candidate of candidates) {
          const fp = await fingerprintFile(candidate.path, current.fingerprint.length);
          if (fp && sameStart(current.fingerprint, fp)) {
            segments.push({ file: candidate, from: current.offset, to: candidate.size, ends: true });
            break;
          }
        }
        segments.push({ file: self, from: 0, to: self.size, ends: false });
      } else {
        segments.push({ file: self, from: current.offset, to: self.size, ends: false });
      }
    }
    const since = self?.mtimeMs ?? current.mtimeMs;
    const known = [current.fingerprint, ...saved.finished];
    for (const file of files) {
      if (self && sameFile(file, self)) continue;
      if (file.mtimeMs < since || segments.some((s) => sameFile(s.file, file))) continue;
      const fp = await fingerprintFile(file.path);
      if (!fp || fp.length === 0) {
        if (fp) segments.push({ file, from: 0, to: 0, ends: false });
        continue;
      }
      if (await this.readBefore(known, fp, file.path)) continue;
      segments.push({ file, from: 0, to: file.size, ends: false });
    }
    // Every segment but the last is read to its end for good.
    return segments.map((s, i) => ({ ...s, ends: s.ends || i < segments.length - 1 }));
  }

  /** Whether `file` (starting with `fp`) is a copy or a renamed self of a file already read. */
  private async readBefore(known: readonly Fingerprint[], fp: Fingerprint, file: string): Promise<boolean> {
    for (const k of known) {
      if (k.length === 0 || k.length > fp.length) continue;
      if (k.length === fp.length ? sameStart(k, fp) : await fingerprintPrefixMatches(k, file)) return true;
    }
    return false;
  }

  private async read(plan: Segment[], saved: SavedPosition, sink: ReadSink): Promise<PollResult> {
    const backlog = plan.reduce((sum, s) => sum + (s.to - s.from), 0);
    let skip = Math.max(0, backlog - this.maxBytes);
    const skippedBytes = skip;
    if (skip > 0) sink.skipped(skip);
    let bytesRead = 0;
    const finished = [...saved.finished];
    let last: FilePosition | undefined;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (const segment of plan) {
      const skipHere = Math.min(skip, segment.to - segment.from);
      segment.from += skipHere;
      skip -= skipHere;
      const handle = await open(segment.file.path, 'r');
      try {
        for (let at = segment.from; at < segment.to;) {
          const { bytesRead: n } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, segment.to - at), at);
          if (n === 0) break;
          sink.data(buffer.subarray(0, n));
          at += n;
          bytesRead += n;
        }
        const fingerprint = await fingerprintOf(handle);
        if (segment.ends) {
          sink.fileEnd();
          if (fingerprint.length > 0) finished.push(fingerprint);
        } else {
          last = { ...identity(segment.file), offset: segment.to - sink.pendingBytes(), fingerprint };
        }
      } finally {
        await handle.close();
      }
    }
    const current = last ?? saved.current;
    await this.store.save({ version: 1, current, finished: finished.slice(-FINISHED_KEPT) });
    return {
      readable: true,
      bytesRead,
      skippedBytes,
      rotations: plan.filter((s) => s.ends).length,
      ...(current ? { file: current.path } : {}),
    };
  }
}

function identity(file: LogFile): Omit<FilePosition, 'offset' | 'fingerprint'> {
  return { path: file.path, dev: file.dev, ino: file.ino, mtimeMs: file.mtimeMs };
}

async function fingerprintPrefixMatches(known: Fingerprint, file: string): Promise<boolean> {
  const fp = await fingerprintFile(file, known.length);
  return fp !== undefined && sameStart(known, fp);
}
