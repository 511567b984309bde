// The heartbeat ("who watches the watcher"): every `interval`, if the agent is healthy (health.ts), one request to the
// configured URL; when it is not, no request, so the outside service (healthchecks.io and the like) pages once the
// pings stop. The URL is a secret: it is never logged or exported.
import type { MetricFamily } from '../collect/model.js';
import { parseDuration } from '../config/duration.js';
import type { Logger } from '../log.js';
import { resolveKey } from '../notify/secrets.js';
import { agentHealth, type RuleGroupHealth, type TargetHealth } from './health.js';
import type { HeartbeatConfig } from './heartbeat-config.js';
import { createHttpClient, type HttpClient } from '../http-client/client.js';
import { resolveHttpClientConfig, type ResolvedHttpClientConfig } from '../http-client/resolve.js';

/** What the health decision reads, asked at every beat (a reload may change the targets and the rules). */
export interface HeartbeatSources {
  targets(): TargetHealth[];
  ruleGroups(): RuleGroupHealth[];
  oldestPendingAt(): number | undefined;
  collectionIntervalMs(): number;
}

interface Settings {
  readonly url: string;
  readonly intervalMs: number;
  readonly method: string;
  readonly timeoutMs: number;
  readonly requireAllTargets: boolean;
  readonly outboxMaxAgeMs: number;
  readonly http: ResolvedHttpClientConfig | undefined;
}

const ms = (text: string) => parseDuration(text.trim()) as number;

/** The heartbeat settings with `url_file` read (relative to the config file); undefined when none is configured. */
export async function heartbeatSettings(
  config: HeartbeatConfig | undefined,
  baseDir: string,
): Promise<Settings | undefined> {
  if (!config) return undefined;
  const { url } = await resolveKey(config, 'url', baseDir, 'alerting.heartbeat');
  return {
    url: url as string,
    intervalMs: ms(config.interval),
    method: config.method,
    timeoutMs: ms(config.timeout),
    requireAllTargets: config.require_all_targets,
    outboxMaxAgeMs: ms(config.outbox_max_age),
    http: config.http_config && resolveHttpClientConfig(config.http_config, baseDir, 'alerting.heartbeat.http_config'),
  };
}

export class Heartbeat {
  private settings: Settings | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private healthy: boolean | undefined;
  private lastError: string | undefined;
  private readonly requests = { success: 0, failure: 0 };
  private lastSuccessAt: number | undefined;
  private client: HttpClient | undefined;

  constructor(
    private readonly sources: HeartbeatSources,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts, restarts with new settings, or stops (undefined). */
  apply(settings: Settings | undefined): void {
    this.stop();
    this.settings = settings;
    this.healthy = undefined;
    if (!settings) return;
    this.client = createHttpClient(settings.http);
    this.timer = setInterval(() => void this.beat(), settings.intervalMs);
    this.timer.unref();
  }

  /** A reload's first half: reads the new secret file (throwing, nothing changed, when it cannot). */
  async prepareReload(config: HeartbeatConfig | undefined, baseDir: string): Promise<() => void> {
    const next = await heartbeatSettings(config, baseDir);
    return () => {
      if (JSON.stringify(next) !== JSON.stringify(this.settings)) this.apply(next);
    };
  }

  /** One beat: decide, and call the URL when healthy. Exposed for tests; the timer calls it. */
  async beat(): Promise<void> {
    const settings = this.settings;
    const client = this.client;
    if (!settings || !client || this.inFlight) return;
    const health = agentHealth(
      {
        targets: this.sources.targets(),
        collectionIntervalMs: this.sources.collectionIntervalMs(),
        requireAllTargets: settings.requireAllTargets,
        ruleGroups: this.sources.ruleGroups(),
        oldestPendingAt: this.sources.oldestPendingAt(),
        outboxMaxAgeMs: settings.outboxMaxAgeMs,
      },
      this.now(),
    );
    if (health.healthy !== this.healthy) {
      if (health.healthy) this.logger.info('agent healthy: heartbeat calls resume');
      else this.logger.warn({ problems: health.problems }, 'agent unhealthy: heartbeat calls stop');
      this.healthy = health.healthy;
    }
    if (!health.healthy) return;
    this.inFlight = true;
    try {
      const response = await client.fetch(settings.url, {
        method: settings.method,
        signal: AbortSignal.timeout(settings.timeoutMs),
        headers: { 'user-agent': 'pgwarden-heartbeat' },
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.requests.success++;
      this.lastSuccessAt = this.now();
      if (this.lastError !== undefined) this.logger.info('heartbeat URL answers again');
      this.lastError = undefined;
    } catch (error) {
      this.requests.failure++;
      // Never the URL (a secret): the status, or the network error's code.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : (cause ?? (error as Error).message);
      if (reason !== this.lastError) this.logger.warn({ reason }, 'heartbeat request failed');
      this.lastError = reason;
    } finally {
      this.inFlight = false;
    }
  }

  families(): MetricFamily[] {
    if (!this.settings) return [];
    return [
      {
        name: 'pgwarden_heartbeat_healthy',
        type: 'gauge',
        help: 'Whether the agent was healthy at the last heartbeat check (1: the heartbeat URL is called).',
        samples: [{ labels: {}, value: this.healthy ? 1 : 0 }],
      },
      {
        name: 'pgwarden_heartbeat_requests_total',
        type: 'counter',
        help: 'Heartbeat requests, by result (failure: no answer or not 2xx).',
        samples: Object.entries(this.requests).map(([result, value]) => ({ labels: { result }, value })),
      },
      {
        name: 'pgwarden_heartbeat_last_success_timestamp_seconds',
        type: 'gauge',
        help: 'When the heartbeat URL last accepted a call (Unix time; 0 before the first).',
        samples: [{ labels: {}, value: (this.lastSuccessAt ?? 0) / 1000 }],
      },
    ];
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    void this.client?.close();
    this.client = undefined;
  }
}
