// `pgwarden check` without an agent: choose the target and rules, test the connection, collect, evaluate once.
import pg from 'pg';
import { backupEntriesByTarget, type FullConfig } from '../agent/agent-config.js';
import { shippedRuleFiles } from '../agent/alert-engine.js';
import { APPLICATION_NAME, describeError, Target } from '../collect/target.js';
import type { ResolvedTarget } from '../config/load.js';
import type { Logger } from '../log.js';
import { formatProblem, loadRuleFiles, type RuleGroupDefinition } from '../rules/index.js';
import { collectForCheck } from './collect-once.js';
import { checkDocument, failureDocument, type CheckDocument } from './document.js';
import { anyNeedsTwoSamples, checksFromRules, evaluateOnce, prepareRules, skippedNote } from './evaluate.js';
import { perfdataSpecs } from './perfdata-spec.js';
import { perfdataValues, specsFor } from './perfdata-values.js';
import { toNagios } from './report.js';
import {
  activitySql,
  buildReport,
  DEFAULT_REPORT_OPTIONS,
  toSessions,
  type ReportSection,
  type SessionRow,
} from './report-sections/index.js';
import { readsBackupMetrics } from './rule-expr.js';
import { reportSectionsFor } from './report-selection.js';
import { selectedRuleNames, type Selection } from './selections.js';
import { overrideThresholds, type ThresholdOverride } from './threshold-override.js';

export interface LocalCheckOptions {
  readonly config: FullConfig;
  readonly logger: Logger;
  readonly target?: string | undefined;
  readonly selections: readonly Selection[];
  readonly rules: readonly string[];
  readonly override?: ThresholdOverride | undefined;
  /** Pause before the second collection for rate rules; 0 skips those rules with a note. */
  readonly intervalMs: number;
  /** Connect timeout (Nagios's -t). */
  readonly timeoutMs: number;
  /** Scan the backups even when no selected rule reads them (--backups does). */
  readonly backups: boolean;
  readonly now?: () => number;
}

/** A problem with the arguments, config or rule files: the verdict is UNKNOWN with this message. */
export class CheckSetupError extends Error {
  override name = 'CheckSetupError';
}

export function chooseTarget(config: FullConfig, name: string | undefined): ResolvedTarget {
  if (name !== undefined) {
    const found = config.targets.find((t) => t.name === name);
    if (!found)
      throw new CheckSetupError(`no target named "${name}" (targets: ${config.targets.map((t) => t.name).join(', ')})`);
    return found;
  }
  if (config.targets.length === 0)
    throw new CheckSetupError('no database configured: set DATABASE_URL or pass --config FILE');
  if (config.targets.length > 1)
    throw new CheckSetupError(
      `${config.targets.length} targets are configured; choose one with --target (${config.targets.map((t) => t.name).join(', ')})`,
    );
  return config.targets[0] as ResolvedTarget;
}

async function loadRules(config: FullConfig): Promise<RuleGroupDefinition[]> {
  const loaded = await loadRuleFiles(config.ruleFiles ?? shippedRuleFiles(), config.baseDir);
  const [first] = loaded.problems;
  if (first) {
    const more = loaded.problems.length - 1;
    throw new CheckSetupError(`rule file problem: ${formatProblem(first)}${more ? ` (+${more} more)` : ''}`);
  }
  return loaded.groups;
}

/** Connects once with the check's timeout: an unreachable database is CRITICAL with the driver's reason. */
async function connectionError(target: ResolvedTarget, timeoutMs: number): Promise<string | undefined> {
  const client = new pg.Client({
    ...target.connection,
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: timeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return describeError(error, target.connection.password);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Statement text (from pg_stat_statements and pg_stat_activity) is shown only where the configuration opts in to
 * query text: the stat_statements_query collector enabled (collectors.enable). Otherwise queryids only.
 */
export function queryTextAllowed(config: FullConfig): boolean {
  const { enable, disable } = config.collectors;
  return enable.includes('stat_statements_query') && !disable.includes('stat_statements_query');
}

/** The sessions right now, for the live report sections; none (with the reason logged) when they cannot be read. */
async function readSessions(
  target: ResolvedTarget,
  logger: Logger,
  queryText: boolean,
): Promise<SessionRow[] | string> {
  // The agent's own pool: application_name, statement and lock timeouts, autocommit (nothing to roll back).
  const client = new Target({ ...target, preparedStatements: false }, logger);
  try {
    return toSessions(await client.query(activitySql(queryText)));
  } catch (error) {
    return `cannot read pg_stat_activity: ${describeError(error)}`;
  } finally {
    await client.close();
  }
}

export async function runLocalCheck(options: LocalCheckOptions): Promise<CheckDocument> {
  const now = options.now ?? Date.now;
  const { config } = options;
  const target = chooseTarget(config, options.target);
  let groups = await loadRules(config);
  if (options.override) {
    try {
      groups = overrideThresholds(groups, options.override);
    } catch (error) {
      throw new CheckSetupError((error as Error).message);
    }
  }
  const selected = selectedRuleNames(options.selections, options.rules);
  const twoSamples = options.intervalMs > 0 && anyNeedsTwoSamples(groups, selected);
  const prepared = prepareRules(groups, selected, options.intervalMs > 0);
  const missing = prepared.unknownNames.filter((n) => options.rules.includes(n));
  if (missing.length) throw new CheckSetupError(`no alerting rule named ${missing.join(', ')} in the rule files`);
  const rules = prepared.groups.flatMap((g) => g.rules);
  if (!rules.some((r) => r.kind === 'alert') && prepared.skipped.length === 0)
    throw new CheckSetupError('the selection matches no alerting rule of the rule files');

  const readsBackups = rules.some((r) => r.kind === 'alert' && readsBackupMetrics(r.expr));
  const configured = backupEntriesByTarget(
    config.backupEntries,
    config.targets.map((t) => t.name),
  ).get(target.name);
  if (options.backups && !configured)
    throw new CheckSetupError(
      '--backups: no backup directory is configured for this target (backups: or PGWARDEN_BACKUP_DIR)',
    );
  const backups = options.backups || readsBackups ? (configured ?? []) : [];
  const reason = await connectionError(target, options.timeoutMs);
  if (reason !== undefined)
    return failureDocument('CRITICAL', `cannot connect to ${target.display}: ${reason}`, target.name, now());

  const checkTarget = { ...target, connectTimeoutMs: options.timeoutMs };
  const collected = await collectForCheck({
    config,
    target: checkTarget,
    logger: options.logger,
    secondSampleAfterMs: twoSamples ? options.intervalMs : 0,
    backups,
    now,
  });
  const evaluated = evaluateOnce(prepared.groups, collected.store, collected.timeMs);
  const checks = checksFromRules(evaluated);
  const perfdata = perfdataValues(specsFor(perfdataSpecs(), options.selections, options.rules), {
    store: collected.store,
    timeMs: collected.timeMs,
    rules: groups.flatMap((g) => g.rules),
  });
  const notes = [skippedNote(prepared.skipped)].filter((n): n is string => n !== undefined);
  const sections = reportSectionsFor(options.selections, options.rules);
  const reportOptions = { ...DEFAULT_REPORT_OPTIONS, queryText: queryTextAllowed(config) };
  let report: ReportSection[] = [];
  if (sections.length > 0) {
    const live = sections.some((s) => ['active_queries', 'waiting_queries', 'long_transactions'].includes(s));
    const sessions = live ? await readSessions(checkTarget, options.logger, reportOptions.queryText) : [];
    report = buildReport(
      sections,
      {
        store: collected.store,
        timeMs: collected.timeMs,
        instance: target.name,
        options: reportOptions,
        backupExamples: collected.backupExamples,
      },
      sessions,
    );
  }
  return checkDocument(toNagios(checks, perfdata, notes), checks, target.name, collected.timeMs, report);
}
