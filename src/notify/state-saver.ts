// Saving the notification state (src/durable-file.ts's crash-safe write): a full or read-only state_dir is logged once
// per distinct error, and again once it recovers, instead of once per attempt.
import { DurableJsonFile } from '../durable-file.js';
import type { Logger } from '../log.js';

export class StateSaver<T> {
  private readonly file: DurableJsonFile<T>;
  private lastError: string | undefined;

  constructor(
    path: string,
    snapshot: () => T,
    private readonly logger: Logger,
  ) {
    this.file = new DurableJsonFile(path, snapshot);
  }

  /** Resolves true when the state is on disk, false when the write failed (logged). */
  async save(): Promise<boolean> {
    try {
      await this.file.save();
      if (this.lastError !== undefined) this.logger.info('notification state saved again');
      this.lastError = undefined;
      return true;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.lastError) this.logger.error({ err: message }, 'cannot persist notification state');
      this.lastError = message;
      return false;
    }
  }
}
