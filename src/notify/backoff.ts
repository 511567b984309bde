// Retry delays: exponential backoff with jitter, so receivers recovering from an outage are not hit in lockstep.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): initial·2^(attempt-1), capped at max, then "equal jitter"
 * (half fixed, half random) so a delay never collapses to zero. `random` is in [0, 1). A receiver's Retry-After wins
 * when it asks for longer.
 */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: number, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (exponential / 2) * random;
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
