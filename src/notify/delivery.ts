// Delivery of outbox entries: one attempt at a time per lane (so a group's firing and resolved messages arrive in
// order), retries with backoff per lane independent of the group timers, dead letters for permanent failures.
import type { Logger } from '../log.js';
import type { SecretRegistry } from '../config/secrets.js';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import type { Failure } from './classify.js';
import type { Integration } from './integrations/integration.js';
import { messageData } from './message/data.js';
import type { NotifyMetrics } from './metrics.js';
import { attemptOf, type RecentDeliveries } from './recent-deliveries.js';
import { MAX_DEAD_LETTERS, type NotifyState } from './state.js';
import type { Notification } from './types.js';

export interface DeliveryOptions {
  state: NotifyState;
  receivers: Map<string, Integration[]>;
  externalUrl: string;
  backoff: BackoffPolicy;
  /** Longest wait between two attempts of the one message that probes a failing receiver. */
  probeIntervalMs: number;
  /** The configured send timeout (delivery.send_timeout). */
  sendTimeoutMs: number;
  now: () => number;
  random: () => number;
  logger: Logger;
  metrics: NotifyMetrics;
  secrets: SecretRegistry;
  persist: () => Promise<void>;
  wake: () => void;
  /** The last attempts per receiver, for the console. */
  recent?: RecentDeliveries;
}

/** One configured destination (a receiver's integration); the lanes of every group sending there share it. */
function destinationOf(item: Notification): string {
  return [item.receiver, item.integration, String(item.index)].join('\u001f');
}

/**
 * Recovery within seconds, few requests against a dead receiver: while a destination fails, one lane (the first to
 * fail) probes it at most `probeIntervalMs` apart; the other lanes back off up to `max_backoff`. The probe's success
 * makes every waiting message due at once.
 */
export class Delivery {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Failing destinations and the lane that probes each. */
  private readonly failing = new Map<string, { probeLane: string }>();
  /** By destination: the failure last explained in the log. */
  private readonly explained = new Map<string, string>();
  /** By destination: a send timeout longer than configured, learnt from attempts that timed out. */
  private readonly timeouts = new Map<string, number>();

  constructor(private readonly opts: DeliveryOptions) {}

  private heads(): Notification[] {
    const seen = new Set<string>();
    const heads: Notification[] = [];
    for (const item of this.opts.state.outbox) {
      if (seen.has(item.lane)) continue;
      seen.add(item.lane);
      if (!this.inFlight.has(item.lane)) heads.push(item);
    }
    return heads;
  }

  nextDueAt(): number {
    return Math.min(Infinity, ...this.heads().map((item) => item.nextAttemptAt));
  }

  /** Starts an attempt for every lane whose head is due (or every idle lane, with `now`). */
  pump(ignoreBackoff: boolean): void {
    const now = this.opts.now();
    for (const item of this.heads()) {
      if (!ignoreBackoff && item.nextAttemptAt > now) continue;
      const attempt = this.attempt(item).finally(() => {
        this.inFlight.delete(item.lane);
        this.opts.wake();
      });
      this.inFlight.set(item.lane, attempt);
    }
  }

  /** Resolves when no attempt is running, or after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>(
        (resolve) => (timer = setTimeout(resolve, Math.min(deadline - Date.now(), 2 ** 31 - 1))),
      );
      await Promise.race([Promise.allSettled([...this.inFlight.values()]), timeout]);
      clearTimeout(timer);
    }
  }

  private async attempt(item: Notification): Promise<void> {
    const { logger, metrics, now } = this.opts;
    const integration = this.opts.receivers
      .get(item.receiver)
      ?.find((i) => i.name === item.integration && i.index === item.index);
    const labels = { receiver: item.receiver, integration: item.integration };
    let failure: Failure | undefined;
    if (!integration) failure = { kind: 'permanent', reason: 'receiver_not_configured' };
    else {
      try {
        failure = await integration.send(
          messageData(item, this.opts.externalUrl),
          item,
          this.timeouts.get(destinationOf(item)),
        );
      } catch (error) {
        logger.warn(
          { ...labels, err: this.opts.secrets.scrub((error as Error).message) },
          'unexpected error while sending',
        );
        failure = { kind: 'retry', reason: 'error' };
      }
    }
    const at = now();
    const log = { ...labels, group: item.groupKey, notification: item.id };
    if (!failure) {
      this.remove(item);
      this.recovered(item, at);
      metrics.sent.inc(labels);
      metrics.latency.observe(labels, Math.max(0, at - item.createdAt) / 1000);
      this.opts.state.delivered[item.lane] = {
        notificationId: item.id,
        deliveredAt: at,
        firing: item.alerts.filter((a) => a.status === 'firing').map((a) => a.fingerprint),
        resolved: item.alerts.filter((a) => a.status === 'resolved').map((a) => a.fingerprint),
      };
      this.opts.recent?.record(attemptOf(item, at, 'delivered'));
      logger.info({ ...log, attempts: item.attempts + 1 }, 'notification delivered');
    } else {
      metrics.failed.inc({ ...labels, reason: failure.reason });
      item.attempts += 1;
      item.lastError = failure.reason;
      this.explain(item, failure);
      if (failure.reason === 'timeout') this.lengthenTimeout(item);
      const exhausted = failure.maxAttempts !== undefined && item.attempts >= failure.maxAttempts;
      const dead = failure.kind === 'permanent' || exhausted;
      const scrubbed = failure.detail && this.opts.secrets.scrub(failure.detail);
      this.opts.recent?.record(
        attemptOf(item, at, dead ? 'dead-lettered' : 'failed', { reason: failure.reason, detail: scrubbed }),
      );
      if (dead) {
        this.remove(item);
        this.opts.state.deadLetters.push({
          notification: item,
          failedAt: at,
          reason: failure.reason,
          ...(scrubbed ? { detail: scrubbed } : {}),
        });
        this.opts.state.deadLetters.splice(0, Math.max(0, this.opts.state.deadLetters.length - MAX_DEAD_LETTERS));
        logger.error(
          { ...log, reason: failure.reason, attempts: item.attempts },
          'notification failed permanently; moved to dead letters',
        );
      } else {
        const policy = this.probes(item) ? this.probePolicy() : this.opts.backoff;
        item.nextAttemptAt = at + backoffDelayMs(policy, item.attempts, this.opts.random(), failure.retryAfterMs);
        const level = item.attempts === 1 ? 'warn' : 'debug';
        logger[level](
          { ...log, reason: failure.reason, attempts: item.attempts, retryInMs: item.nextAttemptAt - at },
          'notification failed; will retry',
        );
      }
    }
    await this.opts.persist();
  }

  /** Whether `item`'s lane probes its failing destination (it becomes the probe when none is left). */
  private probes(item: Notification): boolean {
    const destination = destinationOf(item);
    const known = this.failing.get(destination);
    const probeAlive = known && this.opts.state.outbox.some((n) => n.lane === known.probeLane);
    if (!probeAlive) this.failing.set(destination, { probeLane: item.lane });
    return !probeAlive || known?.probeLane === item.lane;
  }

  private probePolicy(): BackoffPolicy {
    const { initialMs, maxMs } = this.opts.backoff;
    return {
      initialMs: Math.min(initialMs, this.opts.probeIntervalMs),
      maxMs: Math.min(maxMs, this.opts.probeIntervalMs),
    };
  }

  /**
   * A receiver slower than the send timeout may still process the message after we gave up: each retry would be one
   * more duplicate. Each timeout doubles the destination's timeout (up to 8× send_timeout), kept while the agent runs.
   */
  private lengthenTimeout(item: Notification): void {
    const destination = destinationOf(item);
    const current = this.timeouts.get(destination) ?? this.opts.sendTimeoutMs;
    const next = Math.min(current * 2, this.opts.sendTimeoutMs * 8);
    if (next === current) return;
    this.timeouts.set(destination, next);
    this.opts.logger.warn(
      { receiver: item.receiver, integration: item.integration, timeoutMs: next },
      'receiver slower than the send timeout; waiting longer for it',
    );
  }

  /** Logs what failed in words, once per destination until it changes or the destination accepts again. */
  private explain(item: Notification, failure: Failure): void {
    if (!failure.detail) return;
    const destination = destinationOf(item);
    const detail = this.opts.secrets.scrub(failure.detail);
    if (this.explained.get(destination) === detail) return;
    this.explained.set(destination, detail);
    this.opts.logger.warn(
      { receiver: item.receiver, integration: item.integration, reason: failure.reason, problem: detail },
      `cannot deliver to ${item.receiver}: ${detail}`,
    );
  }

  /** A destination accepted a message: everything waiting for it is due now. */
  private recovered(item: Notification, at: number): void {
    const destination = destinationOf(item);
    this.explained.delete(destination);
    if (!this.failing.delete(destination)) return;
    for (const waiting of this.opts.state.outbox)
      if (destinationOf(waiting) === destination) waiting.nextAttemptAt = Math.min(waiting.nextAttemptAt, at);
    this.opts.logger.info({ receiver: item.receiver, integration: item.integration }, 'receiver accepts again');
  }

  private remove(item: Notification): void {
    const index = this.opts.state.outbox.indexOf(item);
    if (index >= 0) this.opts.state.outbox.splice(index, 1);
  }
}
