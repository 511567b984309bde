/**
 * Shutdown in order, within a deadline. Parts of the agent register a step in a phase; `shutdown` runs the phases in
 * this order, the steps of one phase concurrently:
 *   http       stop accepting requests (the HTTP server)
 *   producers  stop what makes new work and wait for work in flight (samplers, rule evaluation)
 *   flush      persist what must survive a restart (the notifier's outbox, alert state)
 *   resources  release connections (database pools)
 * A step that fails is reported and the shutdown goes on; once the deadline has passed, steps not yet finished are
 * reported as timed out and later ones as skipped, so the process can exit on time whatever hangs.
 */
export const SHUTDOWN_PHASES = ['http', 'producers', 'flush', 'resources'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

export interface ShutdownStepResult {
  readonly name: string;
  readonly phase: ShutdownPhase;
  readonly outcome: 'done' | 'failed' | 'timed out' | 'skipped';
  readonly error?: string;
}

interface Step {
  readonly name: string;
  readonly phase: ShutdownPhase;
  readonly stop: () => Promise<void> | void;
  /** A step's own limit, so one that hangs leaves time for the phases after it. */
  readonly timeoutMs: number | undefined;
}

export class Lifecycle {
  private readonly steps: Step[] = [];
  private running: Promise<ShutdownStepResult[]> | undefined;

  /** Registers a shutdown step; returns a function that removes it (for parts that are replaced on reload). */
  register(
    name: string,
    phase: ShutdownPhase,
    stop: () => Promise<void> | void,
    options: { timeoutMs?: number } = {},
  ): () => void {
    const step = { name, phase, stop, timeoutMs: options.timeoutMs };
    this.steps.push(step);
    return () => {
      const i = this.steps.indexOf(step);
      if (i >= 0) this.steps.splice(i, 1);
    };
  }

  /** Runs every step once (a second call returns the first call's result). */
  shutdown(deadlineMs = 10_000): Promise<ShutdownStepResult[]> {
    this.running ??= this.run(Date.now() + deadlineMs);
    return this.running;
  }

  private async run(deadline: number): Promise<ShutdownStepResult[]> {
    const results: ShutdownStepResult[] = [];
    for (const phase of SHUTDOWN_PHASES) {
      const steps = this.steps.filter((s) => s.phase === phase);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        results.push(...steps.map((s) => ({ name: s.name, phase, outcome: 'skipped' as const })));
        continue;
      }
      results.push(...(await Promise.all(steps.map((s) => runStep(s, Math.min(remaining, s.timeoutMs ?? remaining))))));
    }
    return results;
  }
}

async function runStep(step: Step, timeoutMs: number): Promise<ShutdownStepResult> {
  const base = { name: step.name, phase: step.phase };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ShutdownStepResult>((resolve) => {
    timer = setTimeout(() => resolve({ ...base, outcome: 'timed out' }), timeoutMs);
  });
  const work = (async (): Promise<ShutdownStepResult> => {
    try {
      await step.stop();
      return { ...base, outcome: 'done' };
    } catch (error) {
      return { ...base, outcome: 'failed', error: (error as Error)?.message ?? String(error) };
    }
  })();
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
