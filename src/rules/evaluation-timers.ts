// The rule groups' timers: each group evaluates on its own interval (src/rules/evaluation-phase.ts decides when), and
// new samples landing in the store bring the next evaluations forward, so an alert fires on the collection that shows
// its condition rather than up to an interval later.
import { fingerprint } from './fingerprint.js';
import type { RuleGroup } from './group.js';
import { evaluationAfterLanding, firstEvaluationDelay, nextEvaluationAt } from './evaluation-phase.js';

interface GroupTimer {
  timer: NodeJS.Timeout;
  scheduledAt: number;
  lastAt: number | undefined;
  /** Whether the timer was set by samples landing (its evaluation follows a collection). */
  follows: boolean;
}

/** Intervals below a second are raised to one, as before: a group never evaluates more often. */
const intervalOf = (group: RuleGroup) => Math.max(group.intervalMs, 1000);

export class EvaluationTimers {
  private readonly timers = new Map<RuleGroup, GroupTimer>();

  constructor(
    private readonly evaluate: (group: RuleGroup, atMs: number) => void,
    private readonly now: () => number,
    /** How often samples land (the collection interval); undefined: evaluations keep their own phase. */
    private readonly collectionIntervalMs: number | undefined,
  ) {}

  start(groups: readonly RuleGroup[]): void {
    const now = this.now();
    for (const group of groups) {
      const delay = firstEvaluationDelay(fingerprint({ group: group.identity }), intervalOf(group), now);
      this.schedule(group, now + delay, undefined, false);
    }
  }

  stop(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** New samples are in the store: each group's next evaluation moves to now, where its interval allows it. */
  samplesLanded(): void {
    if (this.collectionIntervalMs === undefined) return;
    const landedAt = this.now();
    for (const [group, { scheduledAt, lastAt }] of this.timers) {
      const at = evaluationAfterLanding({
        lastAt,
        scheduledAt,
        landedAt,
        intervalMs: intervalOf(group),
        collectionIntervalMs: this.collectionIntervalMs,
      });
      if (at < scheduledAt) this.schedule(group, at, lastAt, true);
    }
  }

  private schedule(group: RuleGroup, at: number, lastAt: number | undefined, follows: boolean): void {
    const previous = this.timers.get(group);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(
      () => {
        if (this.timers.get(group)?.timer !== timer) return;
        const started = this.now();
        this.evaluate(group, started);
        if (this.timers.get(group)?.timer !== timer) return; // stopped meanwhile
        const followed = follows ? this.collectionIntervalMs : undefined;
        this.schedule(group, nextEvaluationAt(started, this.now(), intervalOf(group), followed), started, false);
      },
      Math.max(0, at - this.now()),
    );
    timer.unref();
    this.timers.set(group, { timer, scheduledAt: at, lastAt, follows });
  }
}
