// The notification pipeline: route → group → (silence, inhibit) → dedup → durable outbox → delivery with retries →
// notification log. All state that matters after a kill -9 is in <state_dir>/notify/state.json, written (fsync'd)
// before a notification is first attempted and after every delivery.
import { mkdir } from 'node:fs/promises';
import type { Registry } from 'prom-client';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { SecretRegistry } from '../config/secrets.js';
import { Aggregator } from './aggregator.js';
import type { AlertingConfig } from './config.js';
import { Delivery } from './delivery.js';
import { notifiesDirectly } from './delivery-mode.js';
import { deadLetterView, dropDeadLetter, requeueDeadLetter, type DeadLetterView } from './dead-letters.js';
import { parseDurationMs } from './duration.js';
import { DurableJsonFile, readStateFile } from '../durable-file.js';
import { flushDueGroups } from './flush-groups.js';
import { AlertmanagerForwarder } from './forward.js';
import { fingerprint } from '../rules/fingerprint.js';
import { BUILTIN_INHIBIT_RULES, buildInhibitRule, inhibitedBy, type InhibitRule } from './inhibit.js';
import { alertmanagerConfigYaml, gettableAlerts, type AlertsFilter, type GettableAlert } from './alerts-v2.js';
import { buildReceivers } from './integrations/build.js';
import { TemplateRenderer } from './templates/render.js';
import { NotificationTemplates } from './templates/set.js';
import type { Integration } from './integrations/integration.js';
import { NotifyMetrics } from './metrics.js';
import { RecentDeliveries } from './recent-deliveries.js';
import { buildRoute, type Route } from './route.js';
import type { TimeInterval } from './time-interval.js';
import { buildTimeIntervals } from './time-interval-config.js';
import { unroutedWatchdog } from './watchdog-route.js';
import { timeIntervalStatus, type TimeIntervalStatus } from './time-interval-status.js';
import type { GettableSilence } from './silence.js';
import { SilenceStore } from './silence-store.js';
import { assertSecretsResolved } from './secrets.js';
import { HttpClients } from '../http-client/pool.js';
import { emptyState, pruneLog, validNotifyState, type NotifyState } from './state.js';
import { isResolvedAt, type DeadLetter, type NotifiableAlert, type Notification } from './types.js';
import type { Labels } from '../collect/model.js';

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

export class Notifier {
  /** prom-client registry with the notification metrics; merge it into the agent's /metrics. */
  readonly registry: Registry;
  private readonly aggregator: Aggregator | undefined;
  private readonly inhibitRules: InhibitRule[];
  private readonly timeIntervals: Map<string, TimeInterval[]>;
  private readonly file: DurableJsonFile<NotifyState>;
  private readonly delivery: Delivery;
  private readonly forwarder: AlertmanagerForwarder;
  private readonly metricsSet: NotifyMetrics;
  /** False with `delivery: alertmanager_only`: no groups, no outbox deliveries; only forwarding. */
  private readonly direct: boolean;
  private readonly recent = new RecentDeliveries();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private tickAgain = false;
  private dirty = false;
  private closed = false;
  readonly startedAt = new Date();

  private constructor(
    private readonly opts: Required<Omit<NotifierOptions, 'config'>> & { config: AlertingConfig },
    private readonly state: NotifyState,
    private readonly silences: SilenceStore,
    private readonly receivers: Map<string, Integration[]>,
    route: Route | undefined,
    secrets: SecretRegistry,
    private readonly clients: HttpClients,
  ) {
    const { config, logger, now } = opts;
    this.metricsSet = new NotifyMetrics(
      () => this.state.outbox.length,
      () => this.state.deadLetters.length,
    );
    this.registry = this.metricsSet.registry;
    this.direct = notifiesDirectly(config);
    this.aggregator = this.direct && route ? new Aggregator(route) : undefined;
    this.aggregator?.restore(state.groups);
    this.inhibitRules = [
      ...(config.builtin_inhibit_rules ? BUILTIN_INHIBIT_RULES : []),
      ...config.inhibit_rules.map(buildInhibitRule),
    ];
    this.timeIntervals = buildTimeIntervals(config.time_intervals, config.mute_time_intervals);
    this.file = new DurableJsonFile(join(opts.stateDir, 'notify', 'state.json'), () => this.snapshot());
    this.delivery = new Delivery({
      state,
      receivers,
      externalUrl: opts.externalUrl,
      backoff: {
        initialMs: parseDurationMs(config.delivery.initial_backoff),
        maxMs: parseDurationMs(config.delivery.max_backoff),
      },
      probeIntervalMs: parseDurationMs(config.delivery.probe_interval),
      sendTimeoutMs: parseDurationMs(config.delivery.send_timeout),
      now,
      random: opts.random,
      logger,
      metrics: this.metricsSet,
      secrets,
      persist: () => this.persist(),
      wake: () => this.schedule(),
      recent: this.recent,
    });
    const resendMs = parseDurationMs(config.delivery.alertmanager_resend);
    const timeoutMs = parseDurationMs(config.delivery.send_timeout);
    this.forwarder = new AlertmanagerForwarder(config.alertmanagers, {
      resendMs,
      timeoutMs,
      now,
      logger,
      metrics: this.metricsSet,
      secrets,
      client: clients.for(undefined),
    });
  }

  static async open(options: NotifierOptions): Promise<Notifier> {
    const { config } = options;
    assertSecretsResolved(config);
    const now = options.now ?? Date.now;
    const dir = join(options.stateDir, 'notify');
    await mkdir(dir, { recursive: true });
    const stateRead = await readStateFile(join(dir, 'state.json'), validNotifyState);
    if (stateRead.problem !== undefined) {
      options.logger.error(
        { file: join(dir, 'state.json'), problem: stateRead.problem, kept_as: stateRead.keptAs },
        'notification state unusable: starting with an empty outbox and notification log',
      );
    }
    const state = stateRead.value ?? emptyState();
    const silences = await SilenceStore.open(join(dir, 'silences.json'), now, options.logger);
    const secrets = new SecretRegistry();
    // `templates` are absolute files here (resolved against the config file's directory when it was loaded).
    const templates = new TemplateRenderer(NotificationTemplates.load(config.templates, '/'), options.logger);
    const clients = new HttpClients(secrets);
    const receivers = buildReceivers(config, secrets, now, templates, clients);
    const route = config.route ? buildRoute(config.route) : undefined;
    const notifier = new Notifier(
      {
        ...options,
        externalUrl: options.externalUrl || config.external_url || '',
        now,
        random: options.random ?? Math.random,
      },
      state,
      silences,
      receivers,
      route,
      secrets,
      clients,
    );
    if (!notifiesDirectly(config)) {
      options.logger.info(
        { alertmanagers: config.alertmanagers.length, kept_unsent: state.outbox.length },
        'delivery: alertmanager_only: alerts are forwarded to Alertmanager, which notifies; no direct notifications',
      );
    } else if (state.outbox.length > 0)
      options.logger.info({ pending: state.outbox.length }, 'resuming pending notifications');
    notifier.schedule();
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
      if (this.aggregator?.insert(alert, now)) this.dirty = true;
    }
    this.schedule();
  }

  /** Does everything that is due now: flushes groups, persists, starts deliveries and forwarding. */
  tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = this.runTick().finally(() => {
      this.ticking = undefined;
      if (this.tickAgain && !this.closed) {
        this.tickAgain = false;
        void this.tick();
      } else this.schedule();
    });
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    const now = this.opts.now();
    this.flushGroups(now);
    if (this.dirty) {
      this.dirty = false;
      await this.persist();
    }
    if (this.closed) return;
    if (this.direct) this.delivery.pump(false);
    if (this.forwarder.nextDueAt() <= now) void this.forwarder.send().finally(() => this.schedule());
  }

  private flushGroups(now: number): void {
    if (!this.aggregator) return;
    const mutedBySilence = (labels: Labels) => this.silences.mutes(labels);
    const flushed = flushDueGroups(
      this.aggregator,
      this.state,
      this.receivers,
      this.inhibitRules,
      mutedBySilence,
      now,
      this.timeIntervals,
    );
    if (flushed > 0) this.dirty = true;
  }

  private snapshot(): NotifyState {
    const groups = this.aggregator ? [...this.aggregator.groups.values()] : [];
    pruneLog(this.state, new Set(groups.map((g) => g.key)), this.opts.now() - LOG_RETENTION_MS);
    return { ...this.state, groups };
  }

  private persistError: string | undefined;

  /** Saves the state; a full or read-only state_dir is logged once per distinct error, and again once it recovers. */
  private async persist(): Promise<void> {
    try {
      await this.file.save();
      if (this.persistError !== undefined) this.opts.logger.info('notification state saved again');
      this.persistError = undefined;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.persistError) this.opts.logger.error({ err: message }, 'cannot persist notification state');
      this.persistError = message;
    }
  }

  private schedule(): void {
    if (this.closed || this.ticking) return;
    const next = Math.min(
      this.dirty ? 0 : Infinity,
      this.aggregator?.nextDueAt() ?? Infinity,
      this.direct ? this.delivery.nextDueAt() : Infinity,
      this.forwarder.nextDueAt(),
    );
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - this.opts.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
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
    const now = this.opts.now();
    const isResolved = (alert: NotifiableAlert) => isResolvedAt(alert, now);
    const firing = this.aggregator?.firingAlerts(isResolved) ?? [];
    const held = new Map<string, { alert: NotifiableAlert; receivers: Set<string> }>();
    for (const group of this.aggregator?.groups.values() ?? []) {
      for (const alert of Object.values(group.alerts)) {
        const entry = held.get(alert.fingerprint) ?? { alert, receivers: new Set<string>() };
        entry.receivers.add(group.receiver);
        held.set(alert.fingerprint, entry);
      }
    }
    const views = [...held.values()].map(({ alert, receivers }) => ({
      alert,
      receivers: [...receivers].sort(),
      silencedBy: this.silences.silencedBy(alert.labels),
      inhibitedBy: isResolved(alert) ? [] : inhibitedBy(this.inhibitRules, alert, firing),
    }));
    return gettableAlerts(views, filter, now);
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
    this.schedule();
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
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await this.delivery.idle(Infinity);
    await this.persist();
    for (const list of this.receivers.values()) for (const integration of list) integration.close?.();
    await this.clients.close();
  }
}
