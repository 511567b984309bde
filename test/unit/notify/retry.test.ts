import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfterMs } from '../../../src/notify/backoff.js';
import {
  classifyHttpFailure,
  classifySmtpFailure,
  describeSmtpFailure,
  networkFailure,
  SMTP_5XX_ATTEMPTS,
  TLS_CERTIFICATE_ATTEMPTS,
  type SmtpErrorLike,
} from '../../../src/notify/classify.js';

const policy = { initialMs: 1000, maxMs: 60_000 };

describe('backoffDelayMs', () => {
  it.each([
    [1, 0, undefined, 500],
    [1, 0.999999, undefined, 999.9995],
    [2, 0, undefined, 1000],
    [3, 0.5, undefined, 3000],
    [20, 0, undefined, 30_000],
    [20, 1, undefined, 60_000],
    [1, 0, 5000, 5000],
    [3, 1, 100, 4000],
  ])('attempt %d, random %d, retry-after %s → %d', (attempt, random, retryAfter, expected) => {
    expect(backoffDelayMs(policy, attempt, random, retryAfter)).toBeCloseTo(expected, 3);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    ['0.5', 500],
    ['Thu, 01 Jan 2026 00:00:10 GMT', 10_000],
    [null, undefined],
    ['soon', undefined],
  ])('%s → %s', (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});

describe('classifyHttpFailure', () => {
  it.each([
    [429, 'retry', 'http_429'],
    [500, 'retry', 'http_500'],
    [503, 'retry', 'http_503'],
    [408, 'retry', 'http_408'],
    [400, 'permanent', 'http_400'],
    [403, 'permanent', 'http_403'],
    [404, 'permanent', 'http_404'],
  ])('%d → %s', (status, kind, reason) => {
    expect(classifyHttpFailure(status)).toMatchObject({ kind, reason });
  });
  it('keeps Retry-After on 429 only', () => {
    expect(classifyHttpFailure(429, 2000).retryAfterMs).toBe(2000);
    expect(classifyHttpFailure(503, 2000).retryAfterMs).toBeUndefined();
  });
});

describe('networkFailure', () => {
  const failed = (code: string, message = 'x') =>
    Object.assign(new TypeError('fetch failed'), { cause: { code, message } });
  it.each([
    [failed('ECONNREFUSED'), { kind: 'retry', reason: 'econnrefused' }],
    [failed('SELF_SIGNED_CERT_IN_CHAIN'), { reason: 'tls_certificate', maxAttempts: TLS_CERTIFICATE_ATTEMPTS }],
    [failed('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), { reason: 'tls_certificate', maxAttempts: TLS_CERTIFICATE_ATTEMPTS }],
    [failed('ERR_TLS_CERT_ALTNAME_INVALID'), { reason: 'tls_certificate', maxAttempts: TLS_CERTIFICATE_ATTEMPTS }],
    [failed('CERT_HAS_EXPIRED'), { reason: 'tls_certificate', maxAttempts: TLS_CERTIFICATE_ATTEMPTS }],
    [Object.assign(new Error('t'), { name: 'TimeoutError' }), { kind: 'retry', reason: 'timeout' }],
    [new TypeError('fetch failed'), { kind: 'retry', reason: 'network' }],
    [failed('UND_ERR_INVALID_ARG', 'Proxy Authentication Required (407)'), { kind: 'permanent', reason: 'http_407' }],
    [
      Object.assign(new TypeError('fetch failed'), {
        cause: { code: 0, message: 'Request was cancelled.', cause: { message: 'Proxy response (407) !== 200' } },
      }),
      { kind: 'permanent', reason: 'http_407' },
    ],
  ])('%s → %o', (error, expected) => {
    const failure = networkFailure(error);
    expect(failure).toMatchObject(expected);
    if (failure.reason !== 'tls_certificate') expect(failure.maxAttempts).toBeUndefined();
  });
});

describe('classifySmtpFailure', () => {
  it.each<[SmtpErrorLike, string, string, number | undefined]>([
    [{ responseCode: 451, code: 'EENVELOPE' }, 'retry', 'smtp_451', undefined],
    [{ responseCode: 421 }, 'retry', 'smtp_421', undefined],
    [{ responseCode: 550, code: 'EENVELOPE' }, 'retry', 'smtp_550', SMTP_5XX_ATTEMPTS],
    [{ responseCode: 535, code: 'EAUTH' }, 'retry', 'smtp_535', SMTP_5XX_ATTEMPTS],
    [{ code: 'ECONNECTION' }, 'retry', 'econnection', undefined],
    [{ code: 'ETIMEDOUT' }, 'retry', 'etimedout', undefined],
    [{}, 'retry', 'network', undefined],
  ])('%j → %s %s, at most %s attempts', (error, kind, reason, maxAttempts) => {
    expect(classifySmtpFailure(error)).toMatchObject({ kind, reason });
    expect(classifySmtpFailure(error).maxAttempts).toBe(maxAttempts);
  });

  it.each<[SmtpErrorLike, string]>([
    [
      { code: 'ETLS', command: 'STARTTLS', responseCode: 454, response: '454 4.7.0 TLS not available' },
      'STARTTLS refused or failed (require_tls is on): 454 4.7.0 TLS not available',
    ],
    [
      { code: 'ESOCKET', command: 'CONN', message: 'self-signed certificate in certificate chain' },
      "the server's TLS certificate was not accepted (tls_config): self-signed certificate in certificate chain",
    ],
    [
      { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 5.7.8 bad credentials' },
      'authentication failed: 535 5.7.8 bad credentials',
    ],
    [
      { code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' },
      'cannot talk to the smarthost: connect ECONNREFUSED 127.0.0.1:25',
    ],
    [
      { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 no such user' },
      'the server answered 550 5.1.1 no such user to RCPT TO',
    ],
  ])('%j is explained as: %s', (error, words) => {
    expect(describeSmtpFailure(error)).toBe(words);
  });
});
