// Crash-safe state files (alert states, notification log, silences): write a temporary file, fsync it, rename it over
// the old one, fsync the directory. After a kill -9 at any moment the file holds the old or the new content, never a mix.
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `text` to `file` so that a crash leaves the old or the new content: a temporary file beside it (mode 0600,
 * fsynced), renamed over it, then the directory fsynced. The directory is created first: the state directory of a
 * fresh install does not exist until something is saved in it.
 */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export async function readJsonIfExists<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read state file ${path}: ${(error as Error).message}`);
  }
}

/** Serialises writes of one file and coalesces bursts: callers awaiting `save()` see a write that began after them. */
export class DurableJsonFile<T> {
  private writing: Promise<void> = Promise.resolve();
  private pending: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly snapshot: () => T,
  ) {}

  save(): Promise<void> {
    if (this.pending) return this.pending;
    const next = this.writing.then(() => {
      this.pending = undefined;
      return writeFileDurably(this.path, JSON.stringify(this.snapshot()));
    });
    this.pending = next;
    this.writing = next.catch(() => undefined);
    return next;
  }
}
