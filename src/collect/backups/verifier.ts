// Verification runs in the background, one file at a time under a byte budget, so a scrape never waits for hashing
// gigabytes. Results are cached by path + size + mtime: a file is read once unless it changes.
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

function cacheKey(target: VerifyTarget): string {
  return `${target.path}\u0000${target.size}\u0000${target.mtimeMs}`;
}

export class BackgroundVerifier {
  private readonly results = new Map<string, Verification>();
  private queue: VerifyTarget[] = [];
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly logger: Logger,
    private readonly bytesPerSecond: number,
  ) {}

  /** The cached result for the file as it is now; undefined when it has not been verified. */
  result(target: VerifyTarget): Verification | undefined {
    return this.results.get(cacheKey(target));
  }

  /** Replaces the work list and forgets results for files not in `live`; starts the worker when idle. */
  schedule(queue: readonly VerifyTarget[], live: readonly VerifyTarget[]): void {
    const keep = new Set(live.map(cacheKey));
    for (const key of this.results.keys()) if (!keep.has(key)) this.results.delete(key);
    this.queue = queue.filter((target) => !this.results.has(cacheKey(target)));
    if (!this.running && this.queue.length > 0 && !this.abort.signal.aborted) {
      this.running = this.work().finally(() => (this.running = undefined));
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
        this.logger.debug({ path: target.path, result }, 'backup verified');
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.results.set(cacheKey(target), { state: 'unreadable', error: String(error) });
      }
    }
  }
}
