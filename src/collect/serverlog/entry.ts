// One server log message with the lines that belong to it (DETAIL, HINT, CONTEXT, STATEMENT), whatever the format.

export const SEVERITIES = ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'LOG', 'FATAL', 'PANIC'] as const;

export interface LogEntry {
  /** DEBUG1..5 are reported as DEBUG. */
  readonly severity: string;
  readonly message: string;
  /** The five-character SQLSTATE when the format carries it (csvlog, jsonlog, stderr with %e). */
  readonly sqlstate?: string | undefined;
  readonly database?: string | undefined;
  readonly user?: string | undefined;
  /** Client host (no port). */
  readonly client?: string | undefined;
  readonly application?: string | undefined;
  readonly pid?: string | undefined;
  readonly timestamp?: string | undefined;
  readonly detail?: string | undefined;
  readonly hint?: string | undefined;
  readonly context?: string | undefined;
  readonly statement?: string | undefined;
}

/** DEBUG1..DEBUG5 → DEBUG; anything else unchanged (upper-case). */
export function normalSeverity(severity: string): string {
  return severity.startsWith('DEBUG') ? 'DEBUG' : severity;
}

/** Empty strings and the server's "[unknown]" placeholder mean "no value". */
export function present(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '' || value === '[unknown]') return undefined;
  return value;
}
