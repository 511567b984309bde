import type { Registry } from 'prom-client';
import type { Labels, MetricFamily, Snapshot } from '../collect/model.js';
import type { Logger } from '../log.js';
import { nameMatches, parsePromql, SampleStore } from '../promql/index.js';
import { Notifier, resolveAlertingSecrets, type AlertingConfig } from '../notify/index.js';
import { BUILTIN_INHIBIT_RULES, buildInhibitRule, type InhibitRule } from '../notify/inhibit.js';
import { RuleManager, type RuleFilesResult } from '../rules/index.js';
import { templateFiles, templateSourcesKey } from '../notify/templates/set.js';
import { maxVerdictWaitMs, targetReady, verdictsPending } from '../rules/readiness.js';
import { metricsToKeep } from '../rules/metrics-to-keep.js';
import { metricRetention, retentionFor, ruleReads } from '../rules/metric-retention.js';
import { snapshotSamples } from '../rules/snapshot-samples.js';
import type { AlertingState } from '../http/alerting-api.js';
import { registryFamilies, selfInstance, selfSamples } from '../watchdog/self-scrape.js';
import { FlapControl } from '../flap/control.js';

/** Until the rules are loaded (the first reload sets each metric's retention from them). */
const INITIAL_RETENTION_MS = 15 * 60_000;

export interface AlertEngineOptions {
  readonly logger: Logger;
  readonly ruleFiles: readonly string[];
  readonly baseDir: string;
  readonly stateDir: string;
  readonly evaluationIntervalMs: number;
  readonly collectionIntervalMs: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalUrl: string;
  readonly alerting: AlertingConfig | undefined;
  /** The targets whose first snapshot the rules wait for. */
  readonly targets: readonly string[];
  /** Queries other readers of the store run (the check endpoint's perfdata): their metrics keep history too. */
  readonly extraQueries?: readonly string[];
}

/** The `alerting:` section with its secret files read, or undefined when it configures no notifications. */
async function resolvedAlerting(
  alerting: AlertingConfig | undefined,
  baseDir: string,
): Promise<AlertingConfig | undefined> {
  if (!alerting || !(alerting.route || alerting.alertmanagers.length)) return undefined;
  const resolved = await resolveAlertingSecrets(alerting, baseDir);
  return { ...resolved, templates: templateFiles(alerting.templates, baseDir) };
}

/**
 * Identifies an alerting config, template files' contents included: a reload replaces the notifier when it changes.
 * `flap_detection` is left out: flap control takes it without a new notifier.
 */
function alertingConfigKey(resolved: AlertingConfig | undefined): string {
  const notifierPart = resolved && { ...resolved, flap_detection: undefined };
  return JSON.stringify(notifierPart ?? null) + templateSourcesKey(resolved?.templates ?? []);
}

/**
 * Alerting without a Prometheus server: every snapshot goes into an in-memory sample store, the rule manager
 * evaluates the rule files over it, and firing/resolved alerts go to the notifier (when `alerting:` is configured).
 */
export class AlertEngine implements AlertingState {
  readonly store = new SampleStore({ retentionMs: INITIAL_RETENTION_MS });
  readonly rules: RuleManager;
  /** Targets not yet collected once: rules wait for them, because an empty store would resolve every alert. */
  private readonly awaited: Set<string>;
  private readonly firstSnapshotAt = new Map<string, number>();
  private ruleFiles: readonly string[];
  private keep: (name: string) => boolean = () => true;

  /** The notifier of the running `alerting:` section (replaced by a reload that changes it). */
  private current: { notifier: Notifier | undefined; key: string };
  /** Appends the agent's own metrics to the store (src/watchdog/self-scrape.ts). */
  private readonly selfScrape: NodeJS.Timeout;
  /** Flap control between the rules and the notifier (src/flap/); a pass-through without `flap_detection`. */
  readonly flaps: FlapControl;

  private constructor(
    private readonly options: AlertEngineOptions,
    notifier: Notifier | undefined,
    alertingKey: string,
  ) {
    this.current = { notifier, key: alertingKey };
    this.awaited = new Set(options.targets);
    this.ruleFiles = options.ruleFiles;
    this.rules = new RuleManager({
      store: this.store,
      logger: options.logger,
      evaluationIntervalMs: options.evaluationIntervalMs,
      externalLabels: options.externalLabels,
      externalURL: options.externalUrl,
      baseDir: options.baseDir,
      stateDir: options.stateDir,
      onAlerts: (alerts) => {
        // Flap control runs without notifications too: the check and the console show what flaps.
        const filtered = this.flaps.apply(alerts);
        this.notifier?.submit(filtered);
      },
      collectionIntervalMs: options.collectionIntervalMs,
    });
    this.flaps = new FlapControl(options.alerting?.flap_detection, {
      stateDir: options.stateDir,
      logger: options.logger,
      sweepMs: options.evaluationIntervalMs,
      externalLabels: options.externalLabels,
      submit: (alerts) => this.notifier?.submit(alerts),
    });
    this.selfScrape = setInterval(() => void this.scrapeSelf(), options.evaluationIntervalMs);
    this.selfScrape.unref();
  }

  private async scrapeSelf(): Promise<void> {
    const registry = this.registry;
    const families = [...this.rules.metricFamilies(), ...(registry ? await registryFamilies(registry) : [])];
    const samples = selfSamples(families, selfInstance(this.options.externalUrl), (name) => this.keep(name));
    this.store.appendScrape('\u0000pgwarden', samples, Date.now());
  }

  static async start(options: AlertEngineOptions): Promise<AlertEngine> {
    const resolved = await resolvedAlerting(options.alerting, options.baseDir);
    const notifier = resolved && (await AlertEngine.openNotifier(options, resolved));
    const engine = new AlertEngine(options, notifier, alertingConfigKey(resolved));
    await engine.flaps.restore();
    await engine.rules.restoreState();
    await engine.reload();
    engine.startWhenReady();
    return engine;
  }

  private static openNotifier(options: AlertEngineOptions, config: AlertingConfig): Promise<Notifier> {
    return Notifier.open({
      config,
      stateDir: options.stateDir,
      logger: options.logger,
      externalUrl: options.externalUrl,
    });
  }

  get notifier(): Notifier | undefined {
    return this.current.notifier;
  }

  /**
   * A configuration reload's first half: reads and checks the rule files and the `alerting:` section's secret files
   * (throwing, with nothing changed, on any problem); returns what applies both.
   */
  async prepareReload(
    ruleFiles: readonly string[],
    alerting: AlertingConfig | undefined,
    baseDir: string,
  ): Promise<() => Promise<void>> {
    const loaded = await this.rules.load(ruleFiles);
    if (loaded.problems.length) {
      const result = this.rules.apply(loaded); // records and logs the failure; the running rules stay
      throw new Error(result.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('; '));
    }
    const resolved = await resolvedAlerting(alerting, baseDir);
    const key = alertingConfigKey(resolved);
    return async () => {
      this.rules.apply(loaded);
      this.afterRules(ruleFiles);
      this.flaps.reconfigure(alerting?.flap_detection);
      if (key !== this.current.key) await this.replaceNotifier(resolved, key);
    };
  }

  /** A changed `alerting:` section: the old notifier persists its outbox and stops, the new one resumes from it. */
  private async replaceNotifier(config: AlertingConfig | undefined, key: string): Promise<void> {
    const old = this.current.notifier;
    this.current = { notifier: undefined, key: '' };
    if (old) {
      await old.flush(2000);
      await old.close();
    }
    const notifier = config && (await AlertEngine.openNotifier(this.options, config));
    this.current = { notifier, key };
    this.rules.resendAll();
    this.options.logger.info({ notifications: notifier ? 'on' : 'off' }, 'alerting configuration applied');
  }

  ingest(snapshot: Snapshot, targetLabels: Labels = {}): void {
    this.store.appendScrape(snapshot.target, snapshotSamples(snapshot, targetLabels, this.keep), snapshot.timestamp);
    // The rules follow the first target's collections (one pacing target keeps each group at one evaluation per
    // interval; the other targets' samples wait for it as they would for a fixed phase).
    if (snapshot.target === this.options.targets[0]) this.rules.samplesLanded();
    if (!this.awaited.has(snapshot.target)) return;
    // Backup verdicts that verification has not given yet would resolve restored alerts (src/rules/readiness.ts).
    const now = Date.now();
    const firstSnapshotAt = this.firstSnapshotAt.get(snapshot.target) ?? now;
    this.firstSnapshotAt.set(snapshot.target, firstSnapshotAt);
    const maxWaitMs = maxVerdictWaitMs(this.options.collectionIntervalMs);
    if (!targetReady(snapshot.families, { firstSnapshotAt, maxWaitMs }, now)) return;
    if (verdictsPending(snapshot.families))
      this.options.logger.warn({ target: snapshot.target }, 'backup verification still running; rules start anyway');
    this.awaited.delete(snapshot.target);
    this.startWhenReady();
  }

  /** A target that left the configuration: its series end now (staleness markers), so its alerts resolve. */
  forgetTarget(name: string): void {
    this.store.appendScrape(name, [], Date.now());
    if (this.awaited.delete(name)) this.startWhenReady();
  }

  /**
   * The store lives in memory, so after a restart it is empty until the first collection: evaluating then would
   * resolve (and notify) every restored firing alert. Prometheus avoids this with its on-disk TSDB; we wait.
   */
  private startWhenReady(): void {
    if (this.awaited.size === 0) this.rules.start();
  }

  /**
   * Re-reads the rule files (the new config's list when given); a broken file keeps the last good rules (and says so
   * in the log and a metric).
   */
  async reload(ruleFiles: readonly string[] = this.ruleFiles): Promise<RuleFilesResult> {
    const result = await this.rules.reload(ruleFiles);
    if (result.ok) this.afterRules(ruleFiles);
    return result;
  }

  /** What depends on the running rules: the metrics the store keeps, and each one for how long. */
  private afterRules(ruleFiles: readonly string[]): void {
    this.ruleFiles = ruleFiles;
    const reads = [
      ...ruleReads(this.rules.groups),
      ...(this.options.extraQueries ?? []).map((q) => ({ expr: parsePromql(q) })),
    ];
    const filter = metricsToKeep(reads.map((r) => r.expr));
    this.keep = filter === 'any' ? () => true : (name) => nameMatches(filter, name);
    const retention = metricRetention(reads, 2 * this.options.collectionIntervalMs);
    this.store.setRetention((name) => retentionFor(retention, name));
  }

  metricFamilies(): MetricFamily[] {
    const stats = this.store.stats();
    return [
      ...this.rules.metricFamilies(),
      ...this.flaps.metricFamilies(),
      {
        name: 'pgwarden_sample_store_series',
        type: 'gauge',
        help: 'Series held in the in-memory store the rules read.',
        samples: [{ labels: {}, value: stats.series }],
      },
      {
        name: 'pgwarden_sample_store_points',
        type: 'gauge',
        help: 'Points held in the in-memory store the rules read.',
        samples: [{ labels: {}, value: stats.points }],
      },
    ];
  }

  get externalLabels(): Readonly<Record<string, string>> {
    return this.options.externalLabels;
  }

  /** The inhibit rules the notifier applies (the built-in one and the configured ones), for the console. */
  get inhibitRules(): readonly InhibitRule[] {
    const alerting = this.options.alerting;
    if (!alerting) return [];
    return [
      ...(alerting.builtin_inhibit_rules ? BUILTIN_INHIBIT_RULES : []),
      ...alerting.inhibit_rules.map(buildInhibitRule),
    ];
  }

  get registry(): Registry | undefined {
    return this.notifier?.registry;
  }

  async stop(): Promise<void> {
    clearInterval(this.selfScrape);
    await this.flaps.stop();
    await this.rules.stop();
    if (this.notifier) {
      await this.notifier.flush(5000);
      await this.notifier.close();
    }
  }
}
