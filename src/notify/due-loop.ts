// The notifier's one timer: runs `work` when the earliest of its due times comes (a group's flush, a delivery's retry,
// the Alertmanager resend), one run at a time; a run asked for while one runs follows it at once.
export class DueLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private runAgain = false;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<void>,
    /** When the next run is due (ms since the epoch; Infinity: nothing to do). */
    private readonly nextDueAt: () => number,
    private readonly now: () => number,
  ) {}

  /** Runs now (joining the run in flight, which is then followed by another). */
  run(): Promise<void> {
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    this.running = this.work().finally(() => {
      this.running = undefined;
      if (this.runAgain && !this.stopped) {
        this.runAgain = false;
        void this.run();
      } else this.schedule();
    });
    return this.running;
  }

  /** Sets the timer for the next due time; a run in flight schedules when it ends. */
  schedule(): void {
    if (this.stopped || this.running) return;
    const next = this.nextDueAt();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => void this.run(), delay);
    this.timer.unref();
  }

  /** No more runs; resolves when the one in flight ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
