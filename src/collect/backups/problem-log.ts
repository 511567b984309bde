// A broken file stays broken for days: log each problem when its count changes, not on every collection.
import type { Logger } from '../../log.js';

export interface CurrentProblem {
  /** Identity of the problem; its count is compared with the last logged one. */
  readonly key: string;
  readonly count: number;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface ProblemChange {
  readonly problem: CurrentProblem;
  readonly kind: 'raised' | 'reduced' | 'resolved';
}

/** What changed between the counts logged last and the problems seen now (pure). */
export function problemChanges(
  lastLogged: ReadonlyMap<string, CurrentProblem>,
  current: readonly CurrentProblem[],
): ProblemChange[] {
  const changes: ProblemChange[] = [];
  const seen = new Set<string>();
  for (const problem of current) {
    seen.add(problem.key);
    const before = lastLogged.get(problem.key)?.count;
    if (before === undefined || problem.count > before) changes.push({ problem, kind: 'raised' });
    else if (problem.count < before) changes.push({ problem, kind: 'reduced' });
  }
  for (const [key, problem] of lastLogged) if (!seen.has(key)) changes.push({ problem, kind: 'resolved' });
  return changes;
}

export class ProblemLog {
  private lastLogged = new Map<string, CurrentProblem>();

  constructor(private readonly logger: Logger) {}

  update(current: readonly CurrentProblem[]): void {
    for (const { problem, kind } of problemChanges(this.lastLogged, current)) {
      if (kind === 'raised') this.logger.warn({ ...problem.fields, count: problem.count }, problem.message);
      else if (kind === 'reduced') this.logger.info({ ...problem.fields, count: problem.count }, problem.message);
      else this.logger.info({ ...problem.fields }, `resolved: ${problem.message}`);
    }
    this.lastLogged = new Map(current.map((problem) => [problem.key, problem]));
  }
}
