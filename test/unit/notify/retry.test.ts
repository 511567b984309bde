import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfterMs } from '../../../src/notify/backoff.js';
import { classifyHttpFailure, classifySmtpFailure } from '../../../src/notify/classify.js';

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

describe('classifySmtpFailure', () => {
  it.each([
    [{ responseCode: 451, code: 'EENVELOPE' }, 'retry', 'smtp_451'],
    [{ responseCode: 421 }, 'retry', 'smtp_421'],
    [{ responseCode: 550, code: 'EENVELOPE' }, 'permanent', 'smtp_550'],
    [{ responseCode: 535, code: 'EAUTH' }, 'permanent', 'smtp_535'],
    [{ code: 'ECONNECTION' }, 'retry', 'econnection'],
    [{ code: 'ETIMEDOUT' }, 'retry', 'etimedout'],
    [{}, 'retry', 'network'],
  ])('%j → %s', (error, kind, reason) => {
    expect(classifySmtpFailure(error)).toMatchObject({ kind, reason });
  });
});
