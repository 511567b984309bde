import type { MetricFamily } from './model.js';

/** A slot of the budget: give it back when the collection ends (giving it back twice is harmless). */
export type Release = () => void;

/**
 * How many collections of different targets run at once. Each collection takes a slot; the others wait for one, in
 * order of arrival. A slot is lent for at most `holdLimitMs` (the collection interval): a collection still running
 * after that — a hanging server, a lock held for minutes — goes on outside the budget (its queries remain bounded
 * by their statement timeouts, and its target starts no second collection meanwhile), so a few hung targets can
 * never starve the rest of their schedule.
 */
export class CollectionBudget {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Collections that outlived their slot since the agent started (pgwarden_collection_slot_overruns_total). */
  overruns = 0;

  constructor(
    readonly size: number,
    readonly holdLimitMs: number,
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`collection budget must be a positive integer, not ${size}`);
  }

  get inUse(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a slot when one is free. */
  acquire(): Promise<Release> {
    return new Promise((resolve) => {
      const grant = () => {
        this.running += 1;
        resolve(this.slot());
      };
      if (this.running < this.size) grant();
      else this.waiting.push(grant);
    });
  }

  private slot(): Release {
    let held = true;
    const give = () => {
      if (!held) return;
      held = false;
      clearTimeout(limit);
      this.running -= 1;
      this.waiting.shift()?.();
    };
    const limit = setTimeout(() => {
      this.overruns += 1;
      give();
    }, this.holdLimitMs).unref();
    return give;
  }

  /** The budget's state on the agent's own /metrics. */
  families(): MetricFamily[] {
    const one = (name: string, type: 'gauge' | 'counter', help: string, value: number): MetricFamily => ({
      name,
      type,
      help,
      samples: [{ labels: {}, value }],
    });
    return [
      one(
        'pgwarden_collection_concurrency',
        'gauge',
        'collection_concurrency: collections allowed at once.',
        this.size,
      ),
      one(
        'pgwarden_collections_running',
        'gauge',
        'Collections holding a slot of collection_concurrency.',
        this.running,
      ),
      one(
        'pgwarden_collections_queued',
        'gauge',
        'Collections waiting for a slot of collection_concurrency.',
        this.queued,
      ),
      one(
        'pgwarden_collection_slot_overruns_total',
        'counter',
        'Collections still running one interval after they took their slot, which was given back to the others.',
        this.overruns,
      ),
    ];
  }
}
