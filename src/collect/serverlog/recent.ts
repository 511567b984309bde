// The last warnings and errors with their DETAIL, HINT and statement, masked for display: statements normalized
// (literals never shown), passwords after PASSWORD never shown in any field.
import type { LogEntry } from './entry.js';
import { maskMessage, maskPasswords, normalizeStatement } from './normalize.js';

export interface RecentEvent {
  readonly time: string | undefined;
  readonly severity: string;
  readonly sqlstate?: string | undefined;
  readonly database?: string | undefined;
  readonly user?: string | undefined;
  readonly message: string;
  readonly detail?: string | undefined;
  readonly hint?: string | undefined;
  readonly context?: string | undefined;
  readonly statement?: string | undefined;
}

const SHOWN = new Set(['WARNING', 'ERROR', 'FATAL', 'PANIC']);
const FIELD_CHARS = 4000;

const clip = (text: string | undefined) =>
  text === undefined ? undefined : text.length > FIELD_CHARS ? `${text.slice(0, FIELD_CHARS)}…` : text;

/** An entry as it may be shown (pure). */
export function maskedEvent(entry: LogEntry): RecentEvent {
  const masked = (text: string | undefined) => clip(text === undefined ? undefined : maskPasswords(text));
  return {
    time: entry.timestamp,
    severity: entry.severity,
    sqlstate: entry.sqlstate,
    database: entry.database,
    user: entry.user,
    message: clip(maskMessage(entry.message)) as string,
    detail: masked(entry.detail),
    hint: masked(entry.hint),
    context: clip(entry.context === undefined ? undefined : maskMessage(entry.context)),
    statement: clip(entry.statement === undefined ? undefined : normalizeStatement(entry.statement)),
  };
}

/** A ring of the last `capacity` shown events, newest last. */
export class RecentEvents {
  private readonly ring: RecentEvent[] = [];

  constructor(private readonly capacity: number) {}

  add(entry: LogEntry): void {
    if (!SHOWN.has(entry.severity)) return;
    this.ring.push(maskedEvent(entry));
    if (this.ring.length > this.capacity) this.ring.shift();
  }

  /** Newest first. */
  latest(limit = this.capacity): RecentEvent[] {
    return this.ring.slice(-limit).reverse();
  }
}
