// Crash-safe state files (alert states, notification log, silences): write a temporary file, fsync it, rename it over
// the old one, fsync the directory. After a kill -9 at any moment the file holds the old or the new content, never a mix.
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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

/** What became of a state file read at start. */
export type StateFileRead<T> =
  | { readonly value: T | undefined; readonly problem?: undefined }
  | { readonly value: undefined; readonly problem: string; readonly keptAs: string };

/**
 * Reads a state file at start, so that one unreadable file never stops the agent: temporary files a crash left beside
 * it are removed; a file that is empty, not JSON, or not of the shape `validate` accepts is renamed to
 * `<file>.corrupt-<time>` (kept for a human to look at) and the caller starts fresh. `validate` returns the value or
 * throws with the reason.
 */
export async function readStateFile<T>(path: string, validate: (value: unknown) => T): Promise<StateFileRead<T>> {
  await removeOrphanedTemps(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: undefined };
    throw new Error(`cannot read state file ${path}: ${(error as Error).message}`);
  }
  let problem: string;
  try {
    if (text.trim() === '') throw new Error('the file is empty');
    return { value: validate(JSON.parse(text)) };
  } catch (error) {
    problem = (error as Error).message;
  }
  const keptAs = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, keptAs);
  return { value: undefined, problem, keptAs };
}

/** `<file>.<pid>.tmp` files of writes a kill or a full disk interrupted (only one agent uses a state_dir). */
async function removeOrphanedTemps(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /\.\d+\.tmp$/.test(name))
      await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}
