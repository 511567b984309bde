// Crash-safe JSON files: write a temporary file, fsync it, rename it over the old one, fsync the directory. After a
// kill -9 at any moment the file holds either the old or the new content, never a torn mix.
import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeJsonDurable(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(JSON.stringify(value));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
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
      return writeJsonDurable(this.path, this.snapshot());
    });
    this.pending = next;
    this.writing = next.catch(() => undefined);
    return next;
  }
}
