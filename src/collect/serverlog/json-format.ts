// jsonlog (PostgreSQL 15+): one JSON object per line; absent keys mean no value.
import { normalSeverity, present, type LogEntry } from './entry.js';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? present(value) : typeof value === 'number' ? String(value) : undefined;

/** A jsonlog line → entry; undefined for a line that is not a log object. */
export function parseJsonLine(line: string): LogEntry | undefined {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const severity = text(o?.error_severity);
  if (!severity) return undefined;
  return {
    timestamp: text(o.timestamp),
    user: text(o.user),
    database: text(o.dbname),
    pid: text(o.pid),
    client: text(o.remote_host),
    application: text(o.application_name),
    severity: normalSeverity(severity),
    sqlstate: text(o.state_code),
    message: text(o.message) ?? '',
    detail: text(o.detail),
    hint: text(o.hint),
    context: text(o.context),
    statement: text(o.statement),
  };
}
