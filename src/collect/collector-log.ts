// The log side of the collector boundary: a failure is logged when it starts or changes and its recovery once, so a
// collector failing every 15 s writes one line, not 5,760 a day. Notices (a missing extension) likewise.
import type { Logger } from '../log.js';
import type { CollectorOutcome } from './collector.js';
import { describeError } from './target.js';

/** What to write when a key's error goes from `previous` to `current` (undefined: no error). */
export type LogStep = 'none' | 'failed' | 'recovered' | 'forget';

/**
 * Pure: the log line an error change deserves. `quietRecovery` keys (a duplicate series warning) are forgotten
 * without an "recovered" line: their end is not news.
 */
export function errorLogStep(
  previous: string | undefined,
  current: string | undefined,
  quietRecovery: boolean,
): LogStep {
  if (current === previous) return 'none';
  if (current !== undefined) return 'failed';
  return quietRecovery ? 'forget' : 'recovered';
}

/** Pure: whether a notice is new (log it), gone (forget it) or the same as last time (nothing). */
export function noticeLogStep(previous: string | undefined, current: string | undefined): 'none' | 'log' | 'forget' {
  if (current === previous) return 'none';
  return current === undefined ? 'forget' : 'log';
}

const DUPLICATE_PREFIX = 'duplicate:';

/** One target's memory of what was logged about its collectors. */
export class CollectorLog {
  private readonly errors = new Map<string, string>();
  private readonly notices = new Map<string, string>();

  constructor(
    private readonly logger: Logger,
    private readonly target: string,
  ) {}

  /** The key's current error, while it keeps failing (what the log said once). */
  lastError(key: string): string | undefined {
    return this.errors.get(key);
  }

  /** Logs every collector's error and notice changes of one collection. */
  outcomes(outcomes: readonly CollectorOutcome[]): void {
    for (const o of outcomes) this.error(o.collector, o.error);
    for (const o of outcomes) this.notice(o.collector, o.notice);
  }

  /** A duplicate series the merge dropped: a warning once per distinct message. */
  duplicate(message: string): void {
    this.error(`${DUPLICATE_PREFIX}${message}`, message);
  }

  /** Logs a key's error when it changes, and its recovery once: repeated identical errors are not re-logged. */
  error(key: string, error: string | undefined): void {
    const fields = { target: this.target, collector: key };
    switch (errorLogStep(this.errors.get(key), error, key.startsWith(DUPLICATE_PREFIX))) {
      case 'none':
        return;
      case 'failed':
        this.errors.set(key, error!);
        this.logger.warn({ ...fields, err: describeError(error) }, 'collector failed');
        return;
      case 'recovered':
        this.errors.delete(key);
        this.logger.info(fields, 'collector recovered');
        return;
      case 'forget':
        this.errors.delete(key);
    }
  }

  private notice(collector: string, notice: string | undefined): void {
    switch (noticeLogStep(this.notices.get(collector), notice)) {
      case 'none':
        return;
      case 'log':
        this.notices.set(collector, notice!);
        this.logger.info({ target: this.target, collector }, notice);
        return;
      case 'forget':
        this.notices.delete(collector);
    }
  }
}
