// The rule manager: loads rule files (a broken reload keeps the last good rules), evaluates each group on its own
// interval, carries alert state across reloads and restarts, and hands due notifications to a listener.
import path from 'node:path';
import type { MetricFamily } from '../collect/model.js';
import type { Logger } from '../log.js';
import type { SampleStore } from '../promql/index.js';
import type { AlertState } from './alert-state.js';
import { AlertingRule } from './alerting-rule.js';
import { formatProblem, type RuleGroupDefinition, type RuleProblem } from './definitions.js';
import { fingerprint } from './fingerprint.js';
import { adoptAlertStates, adoptGroupStats, alertStatesByRule } from './carry-over.js';
import { EvaluationTimers } from './evaluation-timers.js';
import { RuleGroup, type GroupEvalContext, type GroupEvalResult } from './group.js';
import { loadRuleFiles, type LoadedRules } from './load-files.js';
import type { NotifiableAlert } from './notifiable.js';
import { ruleMetricFamilies, type ReloadStatus } from './rule-metrics.js';
import { ALERT_STATE_FILE, AlertStateSaver, loadAlertStates, resumeAfterDowntime } from './state-file.js';

export interface RuleManagerOptions {
  readonly store: SampleStore;
  readonly logger: Logger;
  /** Interval of groups that set none (Prometheus's global evaluation_interval). */
  readonly evaluationIntervalMs: number;
  /** Minimum time between re-sends of an unchanged alert (Prometheus's --rules.alert.resend-delay, 1m). */
  readonly resendDelayMs?: number;
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** Base of generator URLs and `$externalURL`. */
  readonly externalURL?: string;
  /** Directory rule_files patterns are relative to (the config file's). */
  readonly baseDir: string;
  /** Where alerts.json is kept; no persistence without it. */
  readonly stateDir?: string;
  readonly onAlerts?: (alerts: NotifiableAlert[]) => void;
  readonly now?: () => number;
  /** How often the agent's collections land in the store: evaluations follow them (src/rules/evaluation-phase.ts). */
  readonly collectionIntervalMs?: number;
}

/** The outcome of loading the rule files: the running rules change only when `ok` (the agent-wide outcome of a
 * configuration reload is config/reload-result.ts). */
export interface RuleFilesResult {
  readonly ok: boolean;
  readonly problems: RuleProblem[];
}

export class RuleManager {
  private groupList: RuleGroup[] = [];
  private readonly timers: EvaluationTimers;
  private running = false;
  private pendingRestore = new Map<string, AlertState[]>();
  private readonly reloadStatus: ReloadStatus = { successful: true, lastSuccessMs: undefined };
  private readonly saver: AlertStateSaver | undefined;
  private readonly now: () => number;

  constructor(private readonly options: RuleManagerOptions) {
    this.now = options.now ?? Date.now;
    this.timers = new EvaluationTimers(
      (group, at) => this.evaluateScheduled(group, at),
      this.now,
      options.collectionIntervalMs,
    );
    const file = this.stateFile();
    this.saver = file
      ? new AlertStateSaver(
          file,
          () => alertStatesByRule(this.groupList),
          this.now,
          (error) => options.logger.error({ file, err: error.message }, 'cannot save alert states'),
        )
      : undefined;
  }

  get groups(): readonly RuleGroup[] {
    return this.groupList;
  }

  /** Loads saved alert states; they are applied to matching rules by the next reload or setGroups. */
  async restoreState(): Promise<void> {
    const file = this.stateFile();
    if (!file) return;
    try {
      this.pendingRestore = resumeAfterDowntime(await loadAlertStates(file), this.now());
      adoptAlertStates(this.groupList, this.pendingRestore);
    } catch (error) {
      this.options.logger.warn(
        { file, err: (error as Error).message },
        'cannot read saved alert states; starting fresh',
      );
    }
  }

  /** Reads the rule files; on any problem the running rules stay and every problem is logged and returned. */
  async reload(patterns: readonly string[]): Promise<RuleFilesResult> {
    return this.apply(await this.load(patterns));
  }

  /** A reload's first half: reads and checks the rule files, changing nothing. */
  load(patterns: readonly string[]): Promise<LoadedRules> {
    return loadRuleFiles(patterns, this.options.baseDir);
  }

  /** A reload's second half: loaded rules without problems become the running rules; with problems, nothing changes. */
  apply(loaded: LoadedRules): RuleFilesResult {
    for (const pattern of loaded.unmatched ?? []) {
      this.options.logger.warn({ pattern }, 'rule_files pattern matches no file');
    }
    if (loaded.problems.length > 0) {
      this.reloadStatus.successful = false;
      for (const problem of loaded.problems)
        this.options.logger.error({ problem: formatProblem(problem) }, 'rule file problem');
      this.options.logger.error(
        { problems: loaded.problems.length },
        'rule reload failed; keeping the last good rules',
      );
      return { ok: false, problems: loaded.problems };
    }
    this.setGroups(loaded.groups);
    this.reloadStatus.successful = true;
    this.reloadStatus.lastSuccessMs = this.now();
    const rules = loaded.groups.reduce((n, g) => n + g.rules.length, 0);
    this.options.logger.info({ files: loaded.files.length, groups: loaded.groups.length, rules }, 'rules loaded');
    return { ok: true, problems: [] };
  }

  /** Replaces the groups; a rule with the same group, name, expression and labels keeps its state and health. */
  setGroups(definitions: readonly RuleGroupDefinition[]): void {
    // `interval: 0` or none means the global interval, as in Prometheus.
    const next = definitions.map((def) => new RuleGroup(def, def.intervalMs || this.options.evaluationIntervalMs));
    adoptGroupStats(next, this.groupList);
    adoptAlertStates(next, this.pendingRestore);
    adoptAlertStates(next, alertStatesByRule(this.groupList));
    const wasRunning = this.running;
    if (wasRunning) void this.timers.stop(); // rounds of the replaced groups end after their current rule
    this.groupList = next;
    if (wasRunning) this.timers.start(this.groupList);
  }

  /** Evaluates every group once at `nowMs` (tests, `pgwarden check`, and the timers all come through here). */
  evaluateAll(nowMs = this.now()): NotifiableAlert[] {
    return this.groupList.flatMap((group) => this.evaluateGroup(group, nowMs));
  }

  evaluateGroup(group: RuleGroup, nowMs = this.now()): NotifiableAlert[] {
    return this.deliver(group, group.evaluate(nowMs, this.groupContext()));
  }

  /**
   * The timers' way: the same round, giving the event loop back between rules, so that collections start on their
   * ticks while a large store is evaluated (the round stays at one timestamp).
   */
  async evaluateGroupSliced(group: RuleGroup, nowMs = this.now()): Promise<NotifiableAlert[]> {
    const current = () => this.running && this.groupList.includes(group);
    return this.deliver(group, await group.evaluateSliced(nowMs, this.groupContext(), yieldToEventLoop, current));
  }

  private groupContext(): GroupEvalContext {
    return {
      store: this.options.store,
      resendDelayMs: this.options.resendDelayMs ?? 60_000,
      externalLabels: this.options.externalLabels ?? {},
      externalURL: this.options.externalURL ?? '',
    };
  }

  private deliver(group: RuleGroup, result: GroupEvalResult): NotifiableAlert[] {
    for (const t of result.transitions)
      this.options.logger.info(
        { group: group.def.name, labels: t.labels, from: t.from, to: t.to },
        'alert state changed',
      );
    if (result.changed) this.saver?.schedule();
    const alerts = withExternalLabels(result.alerts, this.options.externalLabels ?? {});
    if (alerts.length > 0) this.options.onAlerts?.(alerts);
    return alerts;
  }

  /**
   * A timer's evaluation, sliced (the event loop runs between rules): a group that throws is logged and evaluated
   * again at its next slot.
   */
  private async evaluateScheduled(group: RuleGroup, atMs: number): Promise<void> {
    if (!this.running) return;
    try {
      await this.evaluateGroupSliced(group, atMs);
    } catch (error) {
      this.options.logger.error(
        { group: group.def.name, err: (error as Error).message },
        'rule group evaluation failed',
      );
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timers.start(this.groupList);
  }

  /** Stops evaluating and waits for the last state save. */
  async stop(): Promise<void> {
    this.running = false;
    await this.timers.stop();
    await this.flush();
  }

  /** New samples are in the store (a collection landed): due evaluations are brought forward to now. */
  samplesLanded(): void {
    if (this.running) this.timers.samplesLanded();
  }

  /** Waits until every scheduled state save is on disk. */
  async flush(): Promise<void> {
    await this.saver?.flush();
  }

  /**
   * The next evaluation sends every active alert again, whatever the resend delay: a notifier replaced by a reload
   * must learn the alerts that fire (Alertmanager keeps its alerts across a reload; ours starts from the outbox).
   */
  resendAll(): void {
    for (const rule of this.alertingRules()) {
      rule.states = new Map(
        [...rule.states].map(([fp, { lastSentAt: _sent, ...state }]) => [fp, state as typeof state]),
      );
    }
  }

  alertingRules(): AlertingRule[] {
    return this.groupList.flatMap((g) => g.rules.filter((r): r is AlertingRule => r instanceof AlertingRule));
  }

  /** Pending and firing alerts of every rule. */
  activeAlerts(): AlertState[] {
    return this.alertingRules().flatMap((r) => r.activeAlerts());
  }

  metricFamilies(): MetricFamily[] {
    return ruleMetricFamilies(this.groupList, this.reloadStatus);
  }

  private stateFile(): string | undefined {
    return this.options.stateDir ? path.join(this.options.stateDir, ALERT_STATE_FILE) : undefined;
  }
}

/** One macrotask turn: timers and I/O callbacks (collection ticks, HTTP requests) run before the next rule. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** As Prometheus's notifier: external labels are added to what is sent, unless the alert has that label already. */
function withExternalLabels(alerts: NotifiableAlert[], external: Readonly<Record<string, string>>): NotifiableAlert[] {
  if (Object.keys(external).length === 0) return alerts;
  return alerts.map((alert) => {
    const labels = { ...external, ...alert.labels };
    return { ...alert, labels, fingerprint: fingerprint(labels) };
  });
}
