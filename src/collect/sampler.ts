import type { Logger } from '../log.js';
import { collectTarget, type DatabaseFilter } from './collect-target.js';
import type { CollectContext, Collector, CollectorOutcome } from './collector.js';
import { CollectorLog } from './collector-log.js';
import { renderFamiliesToBuffer } from './exposition.js';
import { mergeFamilies } from './merge.js';
import type { Snapshot } from './model.js';
import { outcomeFamilies } from './collection-families.js';
import type { SqlCollector } from './sql-source.js';
import { describeError, type Target } from './target.js';
import type { CollectionBudget } from './collection-budget.js';
import { nextTick, phaseOf } from './schedule.js';
import { runCollectors, sampleCounts } from './run-collector.js';

/** A non-SQL collector (backup files, the server log) run with the target's snapshot, after its SQL collectors. */
export type ExtraSource = Collector<CollectContext>;

export interface SamplerOptions {
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly databases: DatabaseFilter;
  readonly extraSources?: readonly ExtraSource[];
  readonly now?: () => number;
  /** Shared by every target of the agent: how many collections run at once (absent: no limit). */
  readonly budget?: CollectionBudget;
}

export interface RenderedSnapshot {
  readonly snapshot: Snapshot;
  /** The snapshot in the text format, rendered once and served as these bytes to every scraper until the next. */
  readonly body: Buffer;
}

export { outcomeFamilies, type ScheduleFigures } from './collection-families.js';

/**
 * Collects one target on its own schedule and shares the result: every scraper and the rule loop read the same
 * snapshot, and concurrent requests join the one collection in flight (single-flight), so N scrapers never multiply
 * the load on the database. Every collector, SQL or not, runs inside runCollector's boundary (run-collector.ts).
 */
export class Sampler {
  private inflight: Promise<RenderedSnapshot> | undefined;
  private latestRendered: RenderedSnapshot | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly log: CollectorLog;
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private readonly now: () => number;
  collections = 0;
  /** Scheduled ticks skipped because a collection still ran (see schedule.ts). */
  missedTicks = 0;
  /** The tick the collection about to start was scheduled for (undefined: asked for, not scheduled). */
  private scheduledAt: number | undefined;
  private lastStartMs = 0;
  /** Per collector, the samples its last run returned (the console's "rows"). */
  private lastSampleCounts: ReadonlyMap<string, number> = new Map();

  constructor(
    readonly target: Target,
    private collectors: readonly SqlCollector[],
    private options: SamplerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.log = new CollectorLog(options.logger, target.name);
  }

  get latest(): RenderedSnapshot | undefined {
    return this.latestRendered;
  }

  /** The collector's last error, while it keeps failing (what the log said once). */
  lastError(collector: string): string | undefined {
    return this.log.lastError(collector);
  }

  /** How many samples each collector returned in the last collection. */
  get sampleCounts(): ReadonlyMap<string, number> {
    return this.lastSampleCounts;
  }

  /** The SQL collectors this target runs (their definitions), for the console and the doctor's notes. */
  get sqlCollectors(): readonly SqlCollector[] {
    return this.collectors;
  }

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Collects at once, then at the target's ticks (a fixed rate, phase spread by its name: schedule.ts), whatever a
   * collection took, so a slow collection of this target or another never shifts the ticks.
   */
  start(): void {
    const loop = (scheduledAt: number) => {
      this.scheduledAt = scheduledAt;
      void this.collect().finally(() => {
        if (this.timer === undefined) return;
        const intervalMs = this.options.intervalMs;
        const next = nextTick(this.lastStartMs, this.now(), phaseOf(this.target.name, intervalMs), intervalMs);
        this.missedTicks += next.missed;
        this.timer = setTimeout(() => loop(next.at), Math.max(0, next.at - this.now())).unref();
      });
    };
    this.timer = setTimeout(() => loop(this.now()), 0).unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops the schedule and waits for the collection in flight, so the target's pool can be closed after it. */
  async drain(): Promise<void> {
    this.stop();
    await this.inflight?.catch(() => undefined);
  }

  /** A configuration reload: new collectors and options from the next collection on, keeping the pool and history. */
  reconfigure(collectors: readonly SqlCollector[], options: SamplerOptions): void {
    this.collectors = collectors;
    this.options = options;
  }

  /** The freshest snapshot when it is recent enough, else the collection in flight (or a new one). */
  async current(maxAgeMs = 2 * this.options.intervalMs): Promise<RenderedSnapshot> {
    const latest = this.latestRendered;
    if (latest && this.now() - latest.snapshot.timestamp <= maxAgeMs) return latest;
    return this.collect();
  }

  /** Starts a collection unless one is in flight, in which case the caller joins it. */
  collect(): Promise<RenderedSnapshot> {
    if (!this.inflight) {
      this.inflight = this.collectOnce().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async collectOnce(): Promise<RenderedSnapshot> {
    const release = await this.options.budget?.acquire();
    try {
      return await this.collectWithinBudget();
    } finally {
      release?.();
    }
  }

  private async collectWithinBudget(): Promise<RenderedSnapshot> {
    const timestamp = this.now();
    const lagSeconds = Math.max(0, timestamp - (this.scheduledAt ?? timestamp)) / 1000;
    this.scheduledAt = undefined;
    this.lastStartMs = timestamp;
    const started = performance.now();
    const { target } = this;
    const up = await target.probe(timestamp);
    let outcomes: CollectorOutcome[] = [];
    if (up) {
      const server = this.collectors.filter((c) => c.definition.scope === 'server');
      const perDatabase = this.collectors.filter((c) => c.definition.scope === 'database');
      try {
        outcomes = await collectTarget(target, server, perDatabase, this.options.databases, timestamp);
      } catch (error) {
        // Not a collector's failure: the target's databases could not be listed (pg_up says whether it is down).
        this.log.error('discovery', describeError(error));
      }
    }
    outcomes.push(...(await runCollectors(this.options.extraSources ?? [], { now: timestamp, target })));
    this.log.outcomes(outcomes);
    this.lastSampleCounts = sampleCounts(outcomes);
    const merged = mergeFamilies(outcomes.map((o) => ({ source: o.collector, families: o.families })));
    for (const message of merged.dropped) this.log.duplicate(message);
    const elapsed = (performance.now() - started) / 1000;
    this.collections += 1;
    const schedule = { lagSeconds, missedTicks: this.missedTicks };
    const families = [
      ...outcomeFamilies(up, outcomes, timestamp, elapsed, this.collections, schedule),
      ...merged.families,
    ];
    const snapshot: Snapshot = { target: target.name, timestamp, families };
    const rendered = { snapshot, body: renderFamiliesToBuffer(families) };
    this.latestRendered = rendered;
    for (const listener of this.listeners) listener(snapshot);
    return rendered;
  }
}
