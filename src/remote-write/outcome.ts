// What a remote-write response means for the batch, as Prometheus's queue manager decides it: 2xx accepted; 5xx,
// network errors and (when enabled) 429 are retried with backoff; any other status is a permanent rejection whose
// samples are dropped and counted, since sending them again would be rejected again and block every later sample.

export type SendOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'rejected'; readonly reason: string };

/** Retry-After in seconds or as an HTTP date, in ms from `nowMs`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function classifyStatus(status: number, retryOn429: boolean, retryAfter?: number | undefined): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  if (status >= 500 || (status === 429 && retryOn429)) {
    return { kind: 'retry', reason: `http_${status}`, retryAfterMs: retryAfter };
  }
  return { kind: 'rejected', reason: `http_${status}` };
}

/** The next wait: doubled from `min` per consecutive failure up to `max`, or the receiver's Retry-After if longer. */
export function nextBackoffMs(failures: number, minMs: number, maxMs: number, retryAfter?: number): number {
  const doubled = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  return Math.max(doubled, retryAfter ?? 0);
}
