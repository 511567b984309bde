// What the forwarder knows of the Alertmanager cluster it posts to: each node's position, read from its
// `/api/v2/status` (see alertmanager-order.ts for why the order matters). Read when first needed and again once it is
// older than REFRESH_MS, in the background: a post never waits for a status request, it uses what is known.
import type { HttpClient } from '../http-client/client.js';
import { clusterPosition } from './alertmanager-order.js';
import { splitCredentials } from './integrations/http.js';

/** Membership changes rarely (a node added or replaced); a minute-old view is fresh enough. */
const REFRESH_MS = 60_000;

export class AlertmanagerClusterView {
  private readonly positions = new Map<string, number | undefined>();
  private readAt = -Infinity;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly urls: readonly string[],
    private readonly opts: { client: HttpClient; timeoutMs: number; now: () => number },
  ) {}

  /** The node's last known position; undefined when it is unknown (never answered, or not clustered). */
  positionOf(url: string): number | undefined {
    return this.positions.get(url);
  }

  /**
   * Starts a refresh when the view is stale; resolves when that refresh (or the one under way) is done. A single
   * Alertmanager has no order to keep: it is never asked.
   */
  refresh(): Promise<void> {
    if (this.urls.length < 2) return Promise.resolve();
    if (this.reading) return this.reading;
    if (this.opts.now() - this.readAt < REFRESH_MS) return Promise.resolve();
    this.readAt = this.opts.now();
    this.reading = Promise.all(
      this.urls.map(async (url) => this.positions.set(url, await this.readPosition(url))),
    ).then(
      () => undefined,
      () => undefined,
    );
    void this.reading.finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readPosition(baseUrl: string): Promise<number | undefined> {
    try {
      const { target, authorization } = splitCredentials(`${baseUrl.replace(/\/+$/, '')}/api/v2/status`);
      const response = await this.opts.client.fetch(target, {
        method: 'GET',
        headers: { 'user-agent': 'pgwarden', ...(authorization ? { authorization } : {}) },
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      if (!response.ok) {
        await response.arrayBuffer();
        return undefined;
      }
      return clusterPosition(await response.json());
    } catch {
      return undefined; // unreachable now: posted in the first wave until a later refresh knows better
    }
  }
}
