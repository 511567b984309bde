// Which delivery failures are worth retrying. Retrying a permanent failure only delays the dead letter and hides
// the misconfiguration; giving up on a transient one loses a page.

export type FailureKind = 'retry' | 'permanent';

export interface Failure {
  readonly kind: FailureKind;
  /** Short, secret-free reason for logs and the `reason` metric label. */
  readonly reason: string;
  readonly retryAfterMs?: number;
}

/** HTTP (Slack, webhook, Alertmanager): 429, 408 and 5xx retry; other 4xx are permanent. */
export function classifyHttpFailure(status: number, retryAfterMs?: number): Failure {
  if (status === 429)
    return { kind: 'retry', reason: 'http_429', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (status === 408 || status >= 500) return { kind: 'retry', reason: `http_${status}` };
  return { kind: 'permanent', reason: `http_${status}` };
}

export interface SmtpErrorLike {
  readonly responseCode?: number | undefined;
  readonly code?: string | undefined;
}

/** SMTP (nodemailer): connection errors and 4xx replies retry, 5xx replies are permanent. */
export function classifySmtpFailure(error: SmtpErrorLike): Failure {
  const status = error.responseCode;
  if (status !== undefined && status >= 500) return { kind: 'permanent', reason: `smtp_${status}` };
  if (status !== undefined && status >= 400) return { kind: 'retry', reason: `smtp_${status}` };
  return { kind: 'retry', reason: (error.code ?? 'network').toLowerCase() };
}

/** Network failures of fetch (refused, reset, DNS, our own timeout) retry. */
export function networkFailure(error: unknown): Failure {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'retry', reason: 'timeout' };
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return { kind: 'retry', reason: code ? code.toLowerCase() : 'network' };
}
