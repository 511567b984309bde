// Whether the agent does its job, for the heartbeat: the decision, pure. Healthy means every one of:
// - collection works: at least one target (every target with require_all_targets) was collected with pg_up 1 within
//   the last three collection intervals (plus 15 s of slack for a slow collection);
// - rules evaluate: every rule group evaluated within the last three of its intervals (none loaded: nothing to check);
// - the outbox is not stuck: no notification has waited longer than outbox_max_age.

export interface TargetHealth {
  readonly name: string;
  /** When its latest collection started (ms), undefined before the first. */
  readonly collectedAt: number | undefined;
  /** pg_up of that collection. */
  readonly up: boolean;
}

export interface RuleGroupHealth {
  readonly name: string;
  readonly intervalMs: number;
  readonly lastEvaluation: number | undefined;
}

export interface HealthInput {
  readonly targets: readonly TargetHealth[];
  readonly collectionIntervalMs: number;
  readonly requireAllTargets: boolean;
  readonly ruleGroups: readonly RuleGroupHealth[];
  /** createdAt of the oldest pending notification, if any. */
  readonly oldestPendingAt: number | undefined;
  readonly outboxMaxAgeMs: number;
}

export interface Health {
  readonly healthy: boolean;
  /** Why not, in words (empty when healthy). */
  readonly problems: string[];
}

const COLLECTION_SLACK_MS = 15_000;

export function agentHealth(input: HealthInput, now: number): Health {
  const problems: string[] = [];
  const freshAfter = now - 3 * input.collectionIntervalMs - COLLECTION_SLACK_MS;
  const failing = input.targets.filter((t) => !t.up || t.collectedAt === undefined || t.collectedAt < freshAfter);
  const collecting = input.targets.length - failing.length;
  if (input.targets.length === 0) problems.push('no target configured');
  else if (input.requireAllTargets ? failing.length > 0 : collecting === 0) {
    problems.push(`collection failing for ${failing.map((t) => t.name).join(', ')}`);
  }
  const stale = input.ruleGroups.filter(
    (g) => g.lastEvaluation === undefined || g.lastEvaluation < now - 3 * g.intervalMs,
  );
  if (stale.length > 0) problems.push(`rule groups not evaluated: ${stale.map((g) => g.name).join(', ')}`);
  if (input.oldestPendingAt !== undefined && now - input.oldestPendingAt > input.outboxMaxAgeMs) {
    problems.push(`a notification has been pending for ${Math.round((now - input.oldestPendingAt) / 1000)} s`);
  }
  return { healthy: problems.length === 0, problems };
}
