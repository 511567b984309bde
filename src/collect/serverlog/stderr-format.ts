// The stderr format: a message starts with log_line_prefix and a severity; DETAIL, HINT, CONTEXT, STATEMENT (also
// prefixed) and tab-indented continuation lines belong to the message before them (of the same process when the
// prefix has %p, since without logging_collector processes may interleave).
import { normalSeverity, present, type LogEntry } from './entry.js';
import type { PrefixParser } from './prefix.js';

type Field = 'message' | 'detail' | 'hint' | 'context' | 'statement';

interface Pending {
  entry: { -readonly [K in keyof LogEntry]: LogEntry[K] };
  last: Field;
}

const ATTACHED: Record<string, Field | undefined> = {
  DETAIL: 'detail',
  HINT: 'hint',
  CONTEXT: 'context',
  STATEMENT: 'statement',
};

export class StderrParser {
  private pending: Pending | undefined;
  /** Lines that belonged to no message (a DETAIL whose message was before the position we started at). */
  orphanLines = 0;

  constructor(private readonly prefix: PrefixParser) {}

  /** Feeds one line (no newline); completed entries are pushed to `out`. */
  line(line: string, out: LogEntry[]): void {
    const parsed = line.startsWith('\t') ? undefined : this.prefix.parse(line);
    if (!parsed) {
      this.continueWith(line.startsWith('\t') ? line.slice(1) : line);
      return;
    }
    const { fields, severity, text } = parsed;
    if (severity === 'QUERY' || severity === 'LOCATION' || ATTACHED[severity]) {
      const field = ATTACHED[severity];
      const pending = this.pending;
      if (!pending || (fields.pid !== undefined && pending.entry.pid !== fields.pid)) {
        this.orphanLines += 1;
        return;
      }
      if (field) {
        pending.entry[field] = text;
        pending.last = field;
      }
      return;
    }
    this.flush(out);
    this.pending = {
      entry: {
        severity: normalSeverity(severity),
        message: text,
        sqlstate: present(fields.sqlstate),
        database: present(fields.database),
        user: present(fields.user),
        client: present(fields.client),
        application: present(fields.application),
        pid: fields.pid,
        timestamp: fields.timestamp,
      },
      last: 'message',
    };
  }

  private continueWith(text: string): void {
    const pending = this.pending;
    if (!pending) {
      this.orphanLines += 1;
      return;
    }
    pending.entry[pending.last] = `${pending.entry[pending.last] ?? ''}\n${text}`;
  }

  /** Completes the message being assembled (the reader calls this at the end of what was written so far). */
  flush(out: LogEntry[]): void {
    if (this.pending) out.push(this.pending.entry);
    this.pending = undefined;
  }
}
