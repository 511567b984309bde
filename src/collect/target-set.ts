import { collectorSetup } from './collector-setup.js';
import { isDeepStrictEqual } from 'node:util';
import type { AgentConfig, ResolvedTarget } from '../config/load.js';
import type { Logger } from '../log.js';
import type { MetricFamily, Snapshot } from './model.js';
import { Sampler, type ExtraSource } from './sampler.js';
import { Target } from './target.js';
import { CollectionBudget } from './collection-budget.js';

export interface TargetChanges {
  readonly added: readonly ResolvedTarget[];
  readonly removed: readonly string[];
  /** Same name, different connection or pool settings: the old pool is closed and a new one opened. */
  readonly changed: readonly ResolvedTarget[];
  readonly unchanged: readonly string[];
}

/** What a reload does to the targets, by name. Pure. */
export function planTargetChanges(current: readonly ResolvedTarget[], next: readonly ResolvedTarget[]): TargetChanges {
  const before = new Map(current.map((t) => [t.name, t]));
  const after = new Set(next.map((t) => t.name));
  return {
    added: next.filter((t) => !before.has(t.name)),
    removed: current.filter((t) => !after.has(t.name)).map((t) => t.name),
    changed: next.filter((t) => before.has(t.name) && !isDeepStrictEqual(before.get(t.name), t)),
    unchanged: next.filter((t) => isDeepStrictEqual(before.get(t.name), t)).map((t) => t.name),
  };
}

/**
 * The agent's targets, each with its own pool and sampler, so one target's outage or slow connect never delays another.
 * A reload adds, removes and replaces samplers by name; unchanged targets keep their pool, schedule and last snapshot.
 */
export class TargetSet {
  private samplers = new Map<string, Sampler>();
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private readonly unsubscribe = new Map<Sampler, () => void>();
  /** collection_concurrency, shared by every sampler; replaced when a reload changes its size or the interval. */
  private budgetInUse: CollectionBudget | undefined;

  constructor(
    private readonly logger: Logger,
    /** Non-SQL sources collected with a target's snapshot (backup files, ...). */
    private readonly extraSourcesFor: (targetName: string, config: AgentConfig) => readonly ExtraSource[] = () => [],
  ) {}

  /** The budget of concurrent collections (undefined before the first apply). */
  get budget(): CollectionBudget | undefined {
    return this.budgetInUse;
  }

  private budgetFor(config: AgentConfig): CollectionBudget {
    const current = this.budgetInUse;
    if (current?.size === config.collectionConcurrency && current.holdLimitMs === config.collectionIntervalMs) {
      return current;
    }
    this.budgetInUse = new CollectionBudget(config.collectionConcurrency, config.collectionIntervalMs);
    return this.budgetInUse;
  }

  /** The agent's own families about the targets' schedule (served on /metrics). */
  families(): MetricFamily[] {
    return this.budgetInUse?.families() ?? [];
  }

  get all(): Sampler[] {
    return [...this.samplers.values()];
  }

  get(name: string): Sampler | undefined {
    return this.samplers.get(name);
  }

  /** Calls `listener` with every snapshot of every target, present and future. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Makes the running targets match `config`; returns what changed. New samplers are started. */
  async apply(config: AgentConfig): Promise<TargetChanges> {
    const current = this.all.map((s) => s.target.config);
    const changes = planTargetChanges(current, config.targets);
    const { collectors, options } = collectorSetup(config, this.logger);
    const retired = [...changes.removed, ...changes.changed.map((t) => t.name)].map((n) => this.samplers.get(n));
    const next = new Map<string, Sampler>();
    const budget = this.budgetFor(config);
    config.targets.forEach((t) => {
      const extra = { extraSources: this.extraSourcesFor(t.name, config), budget };
      const existing = changes.unchanged.includes(t.name) ? this.samplers.get(t.name) : undefined;
      if (existing) {
        existing.reconfigure(collectors(), { ...options, ...extra });
        next.set(t.name, existing);
        return;
      }
      const sampler = new Sampler(new Target(t, this.logger), collectors(), { ...options, ...extra });
      this.unsubscribe.set(
        sampler,
        sampler.onSnapshot((snapshot) => this.listeners.forEach((l) => l(snapshot))),
      );
      next.set(t.name, sampler);
      sampler.start();
    });
    this.samplers = next;
    await Promise.all(retired.map((s) => s && this.retire(s)));
    return changes;
  }

  private async retire(sampler: Sampler): Promise<void> {
    this.unsubscribe.get(sampler)?.();
    this.unsubscribe.delete(sampler);
    await sampler.drain();
    await sampler.target.close();
  }

  /** Stops every schedule and waits for the collections in flight (first step of shutdown). */
  async drain(): Promise<void> {
    await Promise.all(this.all.map((s) => s.drain()));
  }

  /** Closes every pool (last step of shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.all.map((s) => s.target.close()));
  }
}
