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
  /** Rounds in progress (a round gives the event loop back between rules); stop waits for them. */
  private readonly rounds = new Map<RuleGroup, Promise<void>>();

  constructor(
    /** Evaluates one round; may yield between rules, and must not throw (the manager logs a failing group). */
    private readonly evaluate: (group: RuleGroup, atMs: number) => void | Promise<void>,
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

  /** Clears every timer and waits for the rounds in progress (they stop after their current rule). */
  async stop(): Promise<void> {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.rounds.values());
  }

  /** New samples are in the store: each group's next evaluation moves to now, where its interval allows it. */
  samplesLanded(): void {
    if (this.collectionIntervalMs === undefined) return;
    const landedAt = this.now();
    for (const [group, { scheduledAt, lastAt }] of this.timers) {
      if (this.rounds.has(group)) continue; // its round is running: the next is scheduled when it ends
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
        const round = Promise.resolve(this.evaluate(group, started)).finally(() => {
          this.rounds.delete(group);
          if (this.timers.get(group)?.timer !== timer) return; // stopped or replaced (a reload) meanwhile
          const followed = follows ? this.collectionIntervalMs : undefined;
          this.schedule(group, nextEvaluationAt(started, this.now(), intervalOf(group), followed), started, false);
        });
        this.rounds.set(group, round);
      },
      Math.max(0, at - this.now()),
    );
    timer.unref();
    this.timers.set(group, { timer, scheduledAt: at, lastAt, follows });
  }
}
