import { describe, expect, it } from 'vitest';
import { classifyStatus, nextBackoffMs, retryAfterMs } from '../../../src/remote-write/outcome.js';

describe('remote write outcomes', () => {
  it.each([
    [200, true, 'accepted'],
    [204, true, 'accepted'],
    [400, true, 'rejected'],
    [404, true, 'rejected'],
    [429, true, 'retry'],
    [429, false, 'rejected'],
    [500, true, 'retry'],
    [503, false, 'retry'],
  ])('HTTP %i (retry_on_http_429 %s) is %s', (status, retry429, kind) => {
    expect(classifyStatus(status, retry429).kind).toBe(kind);
  });

  it.each([
    [1, 30],
    [2, 60],
    [5, 480],
    [20, 5000],
  ])('backoff after %i failures is %i ms', (failures, ms) => {
    expect(nextBackoffMs(failures, 30, 5000)).toBe(ms);
  });

  it('a longer Retry-After wins over the backoff', () => {
    expect(nextBackoffMs(1, 30, 5000, 7000)).toBe(7000);
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
});
