// Verification runs in the background, one file at a time under a byte budget, so a scrape never waits for hashing
// gigabytes. Results are cached by path + size + mtime: a file is read once unless it changes. With a state file the
// cache survives restarts: an unchanged dump is not read again, so a restarted agent answers at once.
import { readJsonIfExists, writeFileDurably } from '../../durable-file.js';
import type { Logger } from '../../log.js';
import type { Verification } from './model.js';
import { verifyDumpFile } from './verify-file.js';

export interface VerifyTarget {
  readonly path: string;
  readonly size: number | null;
  readonly mtimeMs: number | null;
  /** Absent or plain-gz: the gzip stream is tested too. */
  readonly format?: string;
}

/** Pure: whether a cached entry read from the state file is a finished verification (a hand-edited file may hold anything). */
export function isFinishedVerification(value: unknown): value is Verification & { state: 'done' } {
  const v = value as Partial<Record<string, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.state === 'done' &&
    typeof v.sha256 === 'string' &&
    (v.archive === 'ok' || v.archive === 'truncated' || v.archive === 'corrupt')
  );
}

function cacheKey(target: VerifyTarget): string {
  return `${target.path}\u0000${target.size}\u0000${target.mtimeMs}`;
}

export class BackgroundVerifier {
  private readonly results = new Map<string, Verification>();
  private queue: VerifyTarget[] = [];
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();
  /** Resolves once the state file (if any) is loaded. */
  readonly ready: Promise<void>;

  /**
   * `onDrained` runs when the work list is done, so the caller can queue what the results make due (the next older
   * dump of a group whose newest turned out bad) without waiting for the next collection.
   */
  constructor(
    private readonly logger: Logger,
    private readonly bytesPerSecond: number,
    private readonly stateFile?: string,
    private readonly onDrained?: () => void,
  ) {
    this.ready = stateFile ? this.load(stateFile) : Promise.resolve();
  }

  private async load(file: string): Promise<void> {
    const saved = await readJsonIfExists<Record<string, unknown>>(file).catch((error: Error) => {
      this.logger.warn({ err: error.message }, 'backup verification cache unreadable; verifying again');
      return undefined;
    });
    // Anything else in the file (null, a hand edit) is dropped: that dump is verified again. A throw here would
    // reject `ready` before anyone awaits it, an unhandled rejection that ends the agent.
    const entries = typeof saved === 'object' && saved !== null ? Object.entries(saved) : [];
    for (const [key, result] of entries) if (isFinishedVerification(result)) this.results.set(key, result);
  }

  /** Writes the results to the state file when they changed since the last save; resolves when written. */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.stateFile || !this.dirty) return;
      this.dirty = false;
      await writeFileDurably(this.stateFile, JSON.stringify(Object.fromEntries(this.results))).catch((error: Error) =>
        this.logger.warn({ err: error.message }, 'cannot save the backup verification cache'),
      );
    });
    return this.saving;
  }

  /** The cached result for the file as it is now; undefined when it has not been verified. */
  result(target: VerifyTarget): Verification | undefined {
    return this.results.get(cacheKey(target));
  }

  /** Replaces the work list and forgets results for files not in `live`; starts the worker when idle. */
  schedule(queue: readonly VerifyTarget[], live: readonly VerifyTarget[]): void {
    const keep = new Set(live.map(cacheKey));
    for (const key of this.results.keys())
      if (!keep.has(key)) {
        this.results.delete(key);
        this.dirty = true;
      }
    this.queue = queue.filter((target) => !this.results.has(cacheKey(target)));
    if (!this.running && this.queue.length > 0 && !this.abort.signal.aborted) {
      this.running = this.work().finally(() => {
        this.running = undefined;
        void this.save();
        if (!this.abort.signal.aborted) this.onDrained?.();
      });
    }
  }

  /** Resolves when the work list is empty (for one-shot checks and tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.abort.abort();
    this.queue = [];
  }

  private async work(): Promise<void> {
    for (let target = this.queue.shift(); target; target = this.queue.shift()) {
      if (this.results.has(cacheKey(target))) continue;
      try {
        const result = await verifyDumpFile(target.path, {
          bytesPerSecond: this.bytesPerSecond,
          signal: this.abort.signal,
          gzip: target.format === undefined || target.format === 'plain-gz',
        });
        this.results.set(cacheKey(target), result);
        this.dirty = true;
        this.logger.debug({ path: target.path, result }, 'backup verified');
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.results.set(cacheKey(target), { state: 'unreadable', error: String(error) });
      }
    }
  }
}
