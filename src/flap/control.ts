// The flap filter in the running agent: filters every round of the rule engine's alerts, and every `sweepMs` hands the
// notifier what time alone changed (an alert that settled).
import type { NotifiableAlert } from '../notify/types.js';
import { flapSettings, type FlapDetectionConfig } from './config.js';
import { FlapFilter } from './filter.js';

export class FlapControl {
  private readonly filter: FlapFilter | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(config: FlapDetectionConfig | undefined, submit: (alerts: NotifiableAlert[]) => void, sweepMs: number) {
    const filter = config && new FlapFilter(flapSettings(config));
    this.filter = filter;
    if (!filter) return;
    this.timer = setInterval(() => {
      const due = filter.sweep(Date.now());
      if (due.length) submit(due);
    }, sweepMs);
    this.timer.unref();
  }

  apply(alerts: NotifiableAlert[]): NotifiableAlert[] {
    return this.filter ? this.filter.apply(alerts, Date.now()) : alerts;
  }

  isFlapping(labels: Readonly<Record<string, string>>): boolean {
    return this.filter?.isFlapping(labels) ?? false;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
