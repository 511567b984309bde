// Forwarding to external Alertmanagers with Prometheus's semantics: every alert is (re)sent when it changes and at
// least every resend interval; firing alerts carry an endsAt ahead (so Alertmanager resolves them if we go silent);
// resolved alerts are sent with their resolution time and kept for 15 minutes, as Prometheus does.
import type { Logger } from '../log.js';
import type { SecretRegistry } from '../config/secrets.js';
import { postJson } from './integrations/http.js';
import type { HttpClient } from '../http-client/client.js';
import type { NotifyMetrics } from './metrics.js';
import type { NotifiableAlert } from './types.js';
import { AlertmanagerClusterView } from './alertmanager-cluster.js';
import { needsOrderedPost, postingWaves } from './alertmanager-order.js';

const KEEP_RESOLVED_MS = 15 * 60_000;
/**
 * Between two waves of an ordered post (alertmanager-order.ts): after the earlier nodes answered, long enough to cover
 * the skew of two nodes' group timers and Alertmanager's own hand-over from its API to its dispatcher, under load.
 */
const WAVE_GAP_MS = 100;
/** A node that does not answer delays the next wave at most this long: ordering must not cost a node's timeout. */
const WAVE_WAIT_CAP_MS = 1000;

/** Waits for `work` to settle, but no longer than `ms`; the timer does not outlive the wait. */
async function settledOrAfter(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Tracked {
  alert: NotifiableAlert;
  sentAt: number;
  sentStatus: NotifiableAlert['status'] | undefined;
}

/** The body Alertmanager's `POST /api/v2/alerts` expects, for alerts as they stand at `now`. */
export function postableAlerts(alerts: readonly NotifiableAlert[], now: number, resendMs: number): unknown[] {
  return alerts.map((alert) => ({
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: new Date(alert.startsAt).toISOString(),
    endsAt: new Date(
      alert.status === 'resolved' ? alert.endsAt || now : Math.max(alert.endsAt, now + 4 * resendMs),
    ).toISOString(),
    generatorURL: alert.generatorURL,
  }));
}

/**
 * How an Alertmanager is named in metric labels and logs: scheme, host and port only. Its URL may hold credentials
 * (`http://user:password@am:9093`) or a secret path; scrubbing known secrets missed a URL written without a scheme.
 */
export function alertmanagerName(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : 'alertmanager';
  } catch {
    return 'alertmanager';
  }
}

export class AlertmanagerForwarder {
  private readonly tracked = new Map<string, Tracked>();
  private sending = false;
  private readonly failing = new Set<string>();
  private readonly cluster: AlertmanagerClusterView;

  constructor(
    private readonly urls: readonly string[],
    private readonly opts: {
      resendMs: number;
      timeoutMs: number;
      now: () => number;
      logger: Logger;
      metrics: NotifyMetrics;
      secrets: SecretRegistry;
      client: HttpClient;
    },
  ) {
    this.cluster = new AlertmanagerClusterView(urls, opts);
  }

  submit(alerts: readonly NotifiableAlert[]): void {
    if (this.urls.length === 0) return;
    const now = this.opts.now();
    for (const alert of alerts) {
      const known = this.tracked.get(alert.fingerprint);
      if (known) known.alert = alert;
      // A recently resolved alert we never sent (e.g. after a restart) is still news to Alertmanager.
      else if (alert.status === 'firing' || now - alert.endsAt < KEEP_RESOLVED_MS) {
        this.tracked.set(alert.fingerprint, { alert, sentAt: 0, sentStatus: undefined });
      }
    }
  }

  private dueAlerts(now: number): Tracked[] {
    return [...this.tracked.values()].filter(
      (t) => t.sentStatus !== t.alert.status || t.sentAt + this.opts.resendMs <= now,
    );
  }

  nextDueAt(): number {
    if (this.urls.length === 0 || this.sending) return Infinity;
    let next = Infinity;
    for (const t of this.tracked.values())
      next = Math.min(next, t.sentStatus !== t.alert.status ? 0 : t.sentAt + this.opts.resendMs);
    return next;
  }

  /** Sends what is due to every Alertmanager; failures are retried at the next resend. */
  async send(): Promise<void> {
    const now = this.opts.now();
    const due = this.dueAlerts(now);
    if (this.sending || due.length === 0) return;
    this.sending = true;
    try {
      const alerts = due.map((t) => t.alert);
      await this.postToAll(alerts, postableAlerts(alerts, now, this.opts.resendMs));
      for (const t of due) {
        t.sentAt = now;
        t.sentStatus = t.alert.status;
        if (t.alert.status === 'resolved' && (t.alert.endsAt || now) < now - KEEP_RESOLVED_MS)
          this.tracked.delete(t.alert.fingerprint);
      }
    } finally {
      this.sending = false;
    }
  }

  /**
   * Posts `body` to every node: all at once, or, when it carries a resolution, in waves from the highest cluster
   * position to node 0 (alertmanager-order.ts). The view of the cluster is refreshed in the background.
   */
  private async postToAll(batch: readonly NotifiableAlert[], body: unknown[]): Promise<void> {
    const refreshing = this.cluster.refresh();
    if (!needsOrderedPost(batch)) {
      await Promise.all(this.urls.map((url) => this.post(url, body)));
      return;
    }
    await settledOrAfter(refreshing, WAVE_WAIT_CAP_MS); // the first resolution after a start needs the positions
    const posts: Promise<void>[] = [];
    for (const [index, wave] of postingWaves(this.urls, (url) => this.cluster.positionOf(url)).entries()) {
      if (index > 0) {
        await settledOrAfter(Promise.all(posts), WAVE_WAIT_CAP_MS);
        await sleep(WAVE_GAP_MS);
      }
      posts.push(...wave.map((url) => this.post(url, body)));
    }
    await Promise.all(posts);
  }

  private async post(baseUrl: string, body: unknown[]): Promise<void> {
    const url = `${baseUrl.replace(/\/+$/, '')}/api/v2/alerts`;
    const failure = await postJson(this.opts.client, url, body, this.opts.timeoutMs, this.opts.now);
    const labels = { receiver: alertmanagerName(baseUrl), integration: 'alertmanager' };
    if (!failure) {
      this.opts.metrics.sent.inc(labels);
      if (this.failing.delete(baseUrl))
        this.opts.logger.info({ alertmanager: labels.receiver }, 'alertmanager reachable again');
      return;
    }
    this.opts.metrics.failed.inc({ ...labels, reason: failure.reason });
    if (!this.failing.has(baseUrl)) {
      this.failing.add(baseUrl);
      this.opts.logger.warn(
        { alertmanager: labels.receiver, reason: failure.reason },
        'cannot forward alerts to alertmanager; will resend',
      );
    }
  }
}
