// Which delivery failures are worth retrying. Retrying a permanent failure only delays the dead letter and hides
// the misconfiguration; giving up on a transient one loses a page.

export type FailureKind = 'retry' | 'permanent';

export interface Failure {
  readonly kind: FailureKind;
  /** Short, secret-free reason for logs and the `reason` metric label. */
  readonly reason: string;
  readonly retryAfterMs?: number;
  /** A retryable failure that becomes permanent after this many attempts. */
  readonly maxAttempts?: number;
  /** What failed, in words, for the log (e.g. "STARTTLS refused by the server: 454 TLS not available"). */
  readonly detail?: string;
}

/**
 * SMTP 5xx replies are meant as permanent, but servers answer 5xx for passing trouble too (a greylisting proxy, a
 * restarting backend: Alertmanager's retry delivered such a mail 0.3 s later). A few attempts, then dead letters.
 */
export const SMTP_5XX_ATTEMPTS = 4;

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
  /** The SMTP command that failed (nodemailer: `CONN`, `STARTTLS`, `AUTH PLAIN`, `DATA`, ...). */
  readonly command?: string | undefined;
  readonly response?: string | undefined;
  readonly message?: string | undefined;
}

const CERTIFICATE = /certificate|self[- ]signed|CERT_|altnames|unable to verify|hostname/i;

/** What failed, in words: STARTTLS, the server's certificate, authentication, the connection, or the reply. */
export function describeSmtpFailure(error: SmtpErrorLike): string {
  const said = (error.response ?? error.message ?? '').trim();
  if (error.code === 'ETLS' || error.command === 'STARTTLS')
    return `STARTTLS refused or failed (require_tls is on): ${said}`;
  if (CERTIFICATE.test(error.message ?? ''))
    return `the server's TLS certificate was not accepted (tls_config): ${error.message ?? ''}`;
  if (error.code === 'EAUTH' || error.command?.startsWith('AUTH')) return `authentication failed: ${said}`;
  if (error.responseCode === undefined) return `cannot talk to the smarthost: ${said || error.code || 'network error'}`;
  return `the server answered ${said || error.responseCode}${error.command ? ` to ${error.command}` : ''}`;
}

/** SMTP (nodemailer): connection errors and 4xx replies retry; 5xx replies retry a few times, then are permanent. */
export function classifySmtpFailure(error: SmtpErrorLike): Failure {
  const status = error.responseCode;
  const detail = describeSmtpFailure(error);
  if (status !== undefined && status >= 500)
    return { kind: 'retry', reason: `smtp_${status}`, maxAttempts: SMTP_5XX_ATTEMPTS, detail };
  if (status !== undefined && status >= 400) return { kind: 'retry', reason: `smtp_${status}`, detail };
  return { kind: 'retry', reason: (error.code ?? 'network').toLowerCase(), detail };
}

/**
 * A receiver's TLS certificate we do not trust (unknown CA, wrong name, expired) rarely fixes itself: a few attempts
 * (a certificate being rotated), then dead letters, as SMTP 5xx.
 */
export const TLS_CERTIFICATE_ATTEMPTS = 4;

const TLS_CERTIFICATE_CODES =
  /^(UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)/;

/** Network failures of fetch (refused, reset, DNS, our own timeout) retry; an untrusted certificate a few times. */
export function networkFailure(error: unknown): Failure {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'retry', reason: 'timeout' };
  const cause = (error as { cause?: { code?: string; message?: string; cause?: { message?: string } } }).cause;
  const code = cause?.code;
  // undici turns a proxy's 407 into an error (plain HTTP) or a failed tunnel (HTTPS): the proxy_url's credentials
  // are wrong, a configuration error as a receiver's 4xx is.
  if (/\(407\)/.test(`${cause?.message ?? ''} ${cause?.cause?.message ?? ''}`))
    return { kind: 'permanent', reason: 'http_407', detail: 'the proxy refused the credentials of proxy_url (407)' };
  if (code && TLS_CERTIFICATE_CODES.test(code))
    return {
      kind: 'retry',
      reason: 'tls_certificate',
      maxAttempts: TLS_CERTIFICATE_ATTEMPTS,
      detail: `the receiver's TLS certificate was not accepted (http_config.tls_config): ${cause.message ?? code}`,
    };
  return { kind: 'retry', reason: code ? code.toLowerCase() : 'network' };
}
