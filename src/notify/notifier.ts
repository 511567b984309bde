// The notification pipeline: route → group → (silence, inhibit) → dedup → durable outbox → delivery with retries →
// notification log. All state that matters after a kill -9 is in <state_dir>/notify/state.json, written (fsync'd)
// before a notification is first attempted and after every delivery.
import type { Registry } from 'prom-client';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { Aggregator } from './aggregator.js';
import type { AlertingConfig } from './config.js';
import type { Delivery } from './delivery.js';
import { notifiesDirectly } from './delivery-mode.js';
import { deadLetterView, dropDeadLetter, requeueDeadLetter, type DeadLetterView } from './dead-letters.js';
import { DueLoop } from './due-loop.js';
import { sendsBeforeSaving } from './first-send.js';
import { flushDueGroups } from './flush-groups.js';
import type { AlertmanagerForwarder } from './forward.js';
import { fingerprint } from '../rules/fingerprint.js';
import { BUILTIN_INHIBIT_RULES, buildInhibitRule, type InhibitRule } from './inhibit.js';
import { alertmanagerConfigYaml, type AlertsFilter, type GettableAlert } from './alerts-v2.js';
import { heldAlerts } from './alert-views.js';
import type { Integration } from './integrations/integration.js';
import { NotifyMetrics } from './metrics.js';
import { deliveryFor, forwarderFor, openNotifierParts, type NotifierParts } from './notifier-parts.js';
import { RecentDeliveries } from './recent-deliveries.js';
import { StateSaver } from './state-saver.js';
import type { TimeInterval } from './time-interval.js';
import { buildTimeIntervals } from './time-interval-config.js';
import { unroutedWatchdog } from './watchdog-route.js';
import { timeIntervalStatus, type TimeIntervalStatus } from './time-interval-status.js';
import type { GettableSilence } from './silence.js';
import type { SilenceStore } from './silence-store.js';
import type { HttpClients } from '../http-client/pool.js';
import { pruneLog, type NotifyState } from './state.js';
import type { DeadLetter, NotifiableAlert, Notification } from './types.js';

// Alertmanager's --data.retention default: notification-log entries of vanished groups are kept this long.
const LOG_RETENTION_MS = 120 * 3600_000;

export interface NotifierOptions {
  /** The `alerting:` section, with secrets resolved by resolveAlertingSecrets. */
  config: AlertingConfig;
  stateDir: string;
  logger: Logger;
  /** The agent's own URL, for links in messages; falls back to `alerting.external_url`. */
  externalUrl: string;
  now?: () => number;
  /** For jitter; tests may pin it. */
  random?: () => number;
}

type ResolvedOptions = Required<Omit<NotifierOptions, 'config'>> & { config: AlertingConfig };

export class Notifier {
  /** prom-client registry with the notification metrics; merge it into the agent's /metrics. */
  readonly registry: Registry;
  private readonly state: NotifyState;
  private readonly silences: SilenceStore;
  private readonly receivers: Map<string, Integration[]>;
  private readonly clients: HttpClients;
  private readonly aggregator: Aggregator | undefined;
  private readonly inhibitRules: InhibitRule[];
  private readonly timeIntervals: Map<string, TimeInterval[]>;
  private readonly saver: StateSaver<NotifyState>;
  private readonly delivery: Delivery;
  private readonly forwarder: AlertmanagerForwarder;
  /** False with `delivery: alertmanager_only`: no groups, no outbox deliveries; only forwarding. */
  private readonly direct: boolean;
  private readonly recent = new RecentDeliveries();
  private readonly loop: DueLoop;
  private dirty = false;
  /** Whether the groups hold alerts (or changes of them) that are not on disk yet (see first-send.ts). */
  private unsavedAlerts = false;
  private closed = false;
  readonly startedAt = new Date();

  private constructor(
    private readonly opts: ResolvedOptions,
    parts: NotifierParts,
  ) {
    const { config, logger, now } = opts;
    ({ state: this.state, silences: this.silences, receivers: this.receivers, clients: this.clients } = parts);
    const metrics = new NotifyMetrics(
      () => this.state.outbox.length,
      () => this.state.deadLetters.length,
    );
    this.registry = metrics.registry;
    this.direct = notifiesDirectly(config);
    this.aggregator = this.direct && parts.route ? new Aggregator(parts.route) : undefined;
    this.aggregator?.restore(this.state.groups);
    this.inhibitRules = [
      ...(config.builtin_inhibit_rules ? BUILTIN_INHIBIT_RULES : []),
      ...config.inhibit_rules.map(buildInhibitRule),
    ];
    this.timeIntervals = buildTimeIntervals(config.time_intervals, config.mute_time_intervals);
    this.saver = new StateSaver(join(opts.stateDir, 'notify', 'state.json'), () => this.snapshot(), logger);
    this.loop = new DueLoop(
      () => this.runTick(),
      () => this.nextDueAt(),
      now,
    );
    const { secrets } = parts;
    this.delivery = deliveryFor(config, {
      state: this.state,
      receivers: this.receivers,
      externalUrl: opts.externalUrl,
      ...{ now, random: opts.random, logger, metrics, secrets, recent: this.recent },
      persist: () => this.persist(),
      wake: () => this.loop.schedule(),
    });
    this.forwarder = forwarderFor(config, { now, logger, metrics, secrets, clients: parts.clients });
  }

  static async open(options: NotifierOptions): Promise<Notifier> {
    const { config, logger } = options;
    const now = options.now ?? Date.now;
    const parts = await openNotifierParts(config, options.stateDir, logger, now);
    const externalUrl = options.externalUrl || config.external_url || '';
    const notifier = new Notifier({ ...options, externalUrl, now, random: options.random ?? Math.random }, parts);
    const pending = parts.state.outbox.length;
    if (!notifiesDirectly(config)) {
      logger.info(
        { alertmanagers: config.alertmanagers.length, kept_unsent: pending },
        'delivery: alertmanager_only: alerts are forwarded to Alertmanager, which notifies; no direct notifications',
      );
    } else if (pending > 0) logger.info({ pending }, 'resuming pending notifications');
    notifier.loop.schedule();
    return notifier;
  }

  /** Hands over the alerts of one evaluation round (firing and recently resolved). */
  submit(alerts: readonly NotifiableAlert[]): void {
    if (this.closed) return;
    const now = this.opts.now();
    const normalised = alerts.map((a) => (a.fingerprint ? a : { ...a, fingerprint: fingerprint(a.labels) }));
    this.forwarder.submit(normalised);
    const root = this.aggregator?.route('0');
    for (const alert of normalised) {
      if (root && unroutedWatchdog(root, alert.labels)) continue;
      if (this.aggregator?.insert(alert, now)) this.dirty = this.unsavedAlerts = true;
    }
    this.loop.schedule();
  }

  /** Does everything that is due now: flushes groups, persists, starts deliveries and forwarding. */
  tick(): Promise<void> {
    return this.loop.run();
  }

  private async runTick(): Promise<void> {
    const now = this.opts.now();
    if (this.aggregator) {
      const muted = (labels: Record<string, string>) => this.silences.mutes(labels);
      const { state, receivers, inhibitRules, timeIntervals } = this;
      if (flushDueGroups(this.aggregator, state, receivers, inhibitRules, muted, now, timeIntervals) > 0)
        this.dirty = true;
    }
    if (this.dirty) {
      this.dirty = false;
      await this.saveThenSend(sendsBeforeSaving(this.unsavedAlerts));
    }
    if (this.closed) return;
    if (this.direct) this.delivery.pump(false);
    if (this.forwarder.nextDueAt() <= now) void this.forwarder.send().finally(() => this.loop.schedule());
  }

  /**
   * Saves the state; with `sendFirst`, due deliveries start while the write is in flight (the write is still awaited).
   * Alerts submitted meanwhile count as unsaved until a later save succeeds.
   */
  private async saveThenSend(sendFirst: boolean): Promise<void> {
    this.unsavedAlerts = false;
    const saving = this.saver.save();
    if (sendFirst && this.direct && !this.closed) this.delivery.pump(false);
    if (!(await saving)) this.unsavedAlerts = true;
  }

  private nextDueAt(): number {
    return Math.min(
      this.dirty ? 0 : Infinity,
      this.aggregator?.nextDueAt() ?? Infinity,
      this.direct ? this.delivery.nextDueAt() : Infinity,
      this.forwarder.nextDueAt(),
    );
  }

  private snapshot(): NotifyState {
    const groups = this.aggregator ? [...this.aggregator.groups.values()] : [];
    pruneLog(this.state, new Set(groups.map((g) => g.key)), this.opts.now() - LOG_RETENTION_MS);
    return { ...this.state, groups };
  }

  private async persist(): Promise<void> {
    await this.saver.save();
  }

  createSilence(body: unknown): Promise<{ silenceID: string }> {
    return this.silences.upsert(body);
  }
  listSilences(): GettableSilence[] {
    return this.silences.list();
  }
  getSilence(id: string): GettableSilence | undefined {
    return this.silences.get(id);
  }
  expireSilence(id: string): Promise<boolean> {
    return this.silences.expire(id);
  }

  /** GET /api/v1/notifications/time-intervals: every named interval, whether it is active now, who uses it. */
  timeIntervalStatus(): TimeIntervalStatus[] {
    return timeIntervalStatus(this.timeIntervals, this.aggregator?.route('0'), this.opts.now());
  }

  /** GET /api/v2/alerts: every alert the groups hold, with its receivers and what mutes it. */
  gettableAlerts(filter: AlertsFilter): GettableAlert[] {
    const silencedBy = (labels: Record<string, string>) => this.silences.silencedBy(labels);
    return heldAlerts(this.aggregator, silencedBy, this.inhibitRules, filter, this.opts.now());
  }

  /** GET /api/v2/status's config.original: the alerting config in Alertmanager's syntax, secrets masked. */
  alertmanagerConfig(): string {
    return alertmanagerConfigYaml(this.opts.config);
  }

  deadLetters(): readonly DeadLetter[] {
    return this.state.deadLetters;
  }
  deadLetterViews(): DeadLetterView[] {
    return this.state.deadLetters.map(deadLetterView);
  }
  /** Sends a dead letter again (now, in its group's order); false when unknown. */
  async retryDeadLetter(id: string): Promise<boolean> {
    if (!requeueDeadLetter(this.state, id, this.opts.now())) return false;
    this.opts.logger.info({ notification: id }, 'dead letter queued again');
    await this.persist();
    this.loop.schedule();
    return true;
  }
  async dropDeadLetter(id: string): Promise<boolean> {
    if (!dropDeadLetter(this.state, id)) return false;
    this.opts.logger.info({ notification: id }, 'dead letter dropped');
    await this.persist();
    return true;
  }
  pending(): readonly Notification[] {
    return this.state.outbox;
  }
  /** The last delivery attempts per receiver since this notifier started (kept in memory, bounded). */
  recentDeliveries(): ReturnType<RecentDeliveries['list']> {
    return this.recent.list();
  }

  /** On shutdown: one immediate attempt for every pending notification, waiting at most `timeoutMs`. */
  async flush(timeoutMs: number): Promise<void> {
    await this.tick();
    if (this.direct) this.delivery.pump(true);
    await this.delivery.idle(timeoutMs);
    await this.persist();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.loop.stop();
    await this.delivery.idle(Infinity);
    await this.persist();
    for (const list of this.receivers.values()) for (const integration of list) integration.close?.();
    await this.clients.close();
  }
}
