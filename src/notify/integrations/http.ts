// JSON over HTTP with the http_config's client (src/http-client/): unlike @slack/webhook it hands us the status code
// and the Retry-After header, which the retry policy needs.
import { classifyHttpFailure, networkFailure, type Failure } from '../classify.js';
import { parseRetryAfterMs } from '../backoff.js';
import type { MessageData } from '../message/data.js';
import type { HttpRequestSpec } from '../message/http-request.js';
import type { IntegrationName } from '../types.js';
import type { Integration } from './integration.js';
import type { HttpClient } from '../../http-client/client.js';

export async function postJson(
  client: HttpClient,
  url: string,
  body: unknown,
  timeoutMs: number,
  now: () => number,
  idempotencyKey?: string,
): Promise<Failure | undefined> {
  let response: Awaited<ReturnType<HttpClient['fetch']>>;
  try {
    const { target, authorization } = splitCredentials(url);
    response = await client.fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'pgwarden',
        ...(authorization ? { authorization } : {}),
        // The same key on every attempt of one notification, so a receiver can drop a retry it already processed.
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer(); // drain, so the connection can be reused
  } catch (error) {
    return networkFailure(error);
  }
  if (response.ok) return undefined;
  return classifyHttpFailure(response.status, parseRetryAfterMs(response.headers.get('retry-after'), now()));
}

/** fetch refuses URLs with credentials: `http://user:password@host/` becomes the URL without them plus basic auth. */
export function splitCredentials(url: string): { target: string; authorization?: string } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { target: url };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    target: parsed.toString(),
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}

/** Spaces requests to one URL at least `minIntervalMs` apart, and further when the server asked us to back off. */
export class RateLimiter {
  private nextAllowedAt = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number,
  ) {}

  /** Waits for this caller's turn; concurrent callers are served one at a time. */
  acquire(): Promise<void> {
    const turn = this.chain.then(async () => {
      const wait = this.nextAllowedAt - this.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.nextAllowedAt = this.now() + this.minIntervalMs;
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  pushBack(untilMs: number): void {
    this.nextAllowedAt = Math.max(this.nextAllowedAt, untilMs);
  }
}

/** Sends one built request (see message/http-request.ts); undefined when the receiver accepted it (2xx). */
export async function sendRequest(
  client: HttpClient,
  request: HttpRequestSpec,
  timeoutMs: number,
  now: () => number,
  classify: (status: number, retryAfterMs?: number) => Failure = classifyHttpFailure,
): Promise<Failure | undefined> {
  let response: Awaited<ReturnType<HttpClient['fetch']>>;
  try {
    response = await client.fetch(request.url, {
      method: request.method,
      headers: { 'user-agent': 'pgwarden', ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
  } catch (error) {
    return networkFailure(error);
  }
  if (response.ok) return undefined;
  return classify(response.status, parseRetryAfterMs(response.headers.get('retry-after'), now()));
}

/**
 * An integration whose message is one or more HTTP requests, sent in order (Opsgenie's create and updates); the
 * first failure fails the attempt, and the retry sends them all again, as Alertmanager does.
 */
export function requestsIntegration(
  name: IntegrationName,
  index: number,
  sendResolved: boolean,
  build: (data: MessageData) => HttpRequestSpec[],
  opts: {
    client: HttpClient;
    timeoutMs: number;
    now: () => number;
    classify?: (status: number, retryAfterMs?: number) => Failure;
  },
): Integration {
  return {
    name,
    index,
    sendResolved,
    async send(data, _notification, timeoutMs) {
      for (const request of build(data)) {
        const failure = await sendRequest(opts.client, request, timeoutMs ?? opts.timeoutMs, opts.now, opts.classify);
        if (failure) return failure;
      }
      return undefined;
    },
  };
}
