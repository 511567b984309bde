import type { Logger } from '../log.js';
import { collectTarget, type CollectorOutcome, type DatabaseFilter } from './collect-target.js';
import { renderFamiliesToBuffer } from './exposition.js';
import { governorFamilies } from './governor.js';
import { mergeFamilies } from './merge.js';
import type { MetricFamily, Snapshot } from './model.js';
import type { SqlCollector } from './sql-source.js';
import { describeError, type Target } from './target.js';

/** A non-SQL source (backup files, ...) collected with the target's snapshot; it throws on failure. */
export interface ExtraSource {
  readonly name: string;
  /** `target` lets a source ask its server (the server log reads log_line_prefix); it may be down. */
  collect(now: number, target?: Target): Promise<readonly MetricFamily[]>;
}

export interface SamplerOptions {
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly databases: DatabaseFilter;
  readonly extraSources?: readonly ExtraSource[];
  readonly now?: () => number;
}

export interface RenderedSnapshot {
  readonly snapshot: Snapshot;
  /** The snapshot in the text format, rendered once and served as these bytes to every scraper until the next. */
  readonly body: Buffer;
}

/** The sampler's own families for one collection (exported so dashboards and tests can list the names). */
export function outcomeFamilies(
  up: boolean,
  outcomes: readonly CollectorOutcome[],
  startedMs: number,
  elapsedSeconds: number,
  collections: number,
): MetricFamily[] {
  const reported = outcomes.filter((o) => !o.skipped || !o.success);
  return [
    {
      name: 'pg_up',
      type: 'gauge',
      help: 'Whether the last connection to the database succeeded (1) or not (0).',
      samples: [{ labels: {}, value: up ? 1 : 0 }],
    },
    {
      name: 'pg_scrape_collector_success',
      type: 'gauge',
      help: 'Whether a collector succeeded (1) or failed (0) in the last collection.',
      samples: reported.map((o) => ({ labels: { collector: o.collector }, value: o.success ? 1 : 0 })),
    },
    {
      name: 'pg_scrape_collector_duration_seconds',
      type: 'gauge',
      help: 'How long a collector took in the last collection.',
      samples: reported.map((o) => ({ labels: { collector: o.collector }, value: o.durationSeconds })),
    },
    ...governorFamilies(outcomes),
    {
      name: 'pgwarden_collection_duration_seconds',
      type: 'gauge',
      help: 'How long the last whole collection of this target took.',
      samples: [{ labels: {}, value: elapsedSeconds }],
    },
    {
      name: 'pgwarden_collection_timestamp_seconds',
      type: 'gauge',
      help: 'When the collection behind these metrics started (Unix time); if it stops advancing, collection is stuck.',
      samples: [{ labels: {}, value: startedMs / 1000 }],
    },
    {
      name: 'pgwarden_collections_total',
      type: 'counter',
      help: 'Collections of this target since the agent started.',
      samples: [{ labels: {}, value: collections }],
    },
  ];
}

/**
 * Collects one target on its own schedule and shares the result: every scraper and the rule loop read the same
 * snapshot, and concurrent requests join the one collection in flight (single-flight), so N scrapers never multiply
 * the load on the database. Each collector is its own error boundary.
 */
export class Sampler {
  private inflight: Promise<RenderedSnapshot> | undefined;
  private latestRendered: RenderedSnapshot | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly lastErrors = new Map<string, string>();
  private readonly lastNotices = new Map<string, string>();
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();
  private readonly now: () => number;
  collections = 0;
  /** Per collector, the samples its last run returned (the console's "rows"). */
  private lastSampleCounts: ReadonlyMap<string, number> = new Map();

  constructor(
    readonly target: Target,
    private collectors: readonly SqlCollector[],
    private options: SamplerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get latest(): RenderedSnapshot | undefined {
    return this.latestRendered;
  }

  /** The collector's last error, while it keeps failing (what the log said once). */
  lastError(collector: string): string | undefined {
    return this.lastErrors.get(collector);
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

  start(): void {
    const loop = () => {
      void this.collect().finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(loop, this.options.intervalMs).unref();
      });
    };
    this.timer = setTimeout(loop, 0).unref();
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
    const timestamp = this.now();
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
        this.logChange('discovery', describeError(error));
      }
    }
    outcomes.push(...(await this.collectExtra(timestamp)));
    for (const o of outcomes) this.logChange(o.collector, o.error);
    for (const o of outcomes) this.logNotice(o.collector, o.notice);
    const counts = new Map<string, number>();
    for (const o of outcomes) {
      counts.set(o.collector, (counts.get(o.collector) ?? 0) + o.families.reduce((n, f) => n + f.samples.length, 0));
    }
    this.lastSampleCounts = counts;
    const merged = mergeFamilies(outcomes.map((o) => ({ source: o.collector, families: o.families })));
    for (const message of merged.dropped) this.logChange(`duplicate:${message}`, message);
    const elapsed = (performance.now() - started) / 1000;
    this.collections += 1;
    const families = [...outcomeFamilies(up, outcomes, timestamp, elapsed, this.collections), ...merged.families];
    const snapshot: Snapshot = { target: target.name, timestamp, families };
    const rendered = { snapshot, body: renderFamiliesToBuffer(families) };
    this.latestRendered = rendered;
    for (const listener of this.listeners) listener(snapshot);
    return rendered;
  }

  private async collectExtra(now: number): Promise<CollectorOutcome[]> {
    const outcomes: CollectorOutcome[] = [];
    for (const source of this.options.extraSources ?? []) {
      const started = performance.now();
      try {
        const families = await source.collect(now, this.target);
        outcomes.push({
          collector: source.name,
          success: true,
          durationSeconds: (performance.now() - started) / 1000,
          families,
        });
      } catch (error) {
        const message = describeError(error);
        outcomes.push({ collector: source.name, success: false, durationSeconds: 0, error: message, families: [] });
      }
    }
    return outcomes;
  }

  /** Logs a collector's notice (e.g. missing extension) once, and again only when it changes. */
  private logNotice(collector: string, notice: string | undefined): void {
    if (notice === this.lastNotices.get(collector)) return;
    if (notice === undefined) {
      this.lastNotices.delete(collector);
      return;
    }
    this.lastNotices.set(collector, notice);
    this.options.logger.info({ target: this.target.name, collector }, notice);
  }

  /** Logs a collector's error when it changes, and its recovery once: repeated identical errors are not re-logged. */
  private logChange(key: string, error: string | undefined): void {
    const previous = this.lastErrors.get(key);
    if (error === previous) return;
    const fields = { target: this.target.name, collector: key };
    if (error === undefined) {
      this.lastErrors.delete(key);
      if (!key.startsWith('duplicate:')) this.options.logger.info(fields, 'collector recovered');
      return;
    }
    this.lastErrors.set(key, error);
    this.options.logger.warn({ ...fields, err: describeError(error) }, 'collector failed');
  }
}
