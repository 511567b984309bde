// The flap filter in the running agent: filters every round of the rule engine's alerts, every `sweepMs` hands the
// notifier what time alone changed (an alert that settled), keeps the histories in the state directory across
// restarts, and takes a reload's new thresholds.
import { join } from 'node:path';
import type { MetricFamily } from '../collect/model.js';
import { DurableJsonFile } from '../durable-file.js';
import type { Logger } from '../log.js';
import type { NotifiableAlert } from '../notify/types.js';
import { flapPolicy, type FlapDetectionConfig } from './config.js';
import { FlapFilter, type FlappingAlert } from './filter.js';
import { FLAP_STATE_FILE, flapStateValue, readFlapState } from './state-file.js';

export interface FlapControlOptions {
  readonly stateDir: string;
  readonly logger: Logger;
  readonly sweepMs: number;
  /** Added to labels asked about without them (the rule engine's alerts carry them when they reach the filter). */
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly submit: (alerts: NotifiableAlert[]) => void;
}

export class FlapControl {
  private readonly filter: FlapFilter;
  private readonly timer: NodeJS.Timeout;
  private readonly file: DurableJsonFile<ReturnType<typeof flapStateValue>>;
  private unusableFiles = 0;
  /** The latest save, which stop() waits for. */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    config: FlapDetectionConfig | undefined,
    private readonly options: FlapControlOptions,
  ) {
    this.filter = new FlapFilter(flapPolicy(config));
    const filter = this.filter;
    this.file = new DurableJsonFile(join(options.stateDir, FLAP_STATE_FILE), () => flapStateValue(filter.entries()));
    this.timer = setInterval(() => {
      const due = filter.sweep(Date.now());
      this.saveIfChanged();
      if (due.length) options.submit(due);
    }, options.sweepMs);
    this.timer.unref();
  }

  /** At start, before the rules run: the histories a previous run saved; an unusable file is set aside, logged once. */
  async restore(): Promise<void> {
    const read = await readFlapState(this.file.path);
    if (read.problem !== undefined) {
      this.unusableFiles += 1;
      this.options.logger.error(
        { file: this.file.path, problem: read.problem, kept_as: read.keptAs },
        'flap history unusable: starting afresh',
      );
    }
    if (read.value) this.filter.restore(read.value);
  }

  /** A reload's `flap_detection:` (undefined: off; what flaps settles at the next sweep). */
  reconfigure(config: FlapDetectionConfig | undefined): void {
    this.filter.setPolicy(flapPolicy(config));
  }

  apply(alerts: NotifiableAlert[]): NotifiableAlert[] {
    const out = this.filter.apply(alerts, Date.now());
    this.saveIfChanged();
    return out;
  }

  isFlapping(labels: Readonly<Record<string, string>>): boolean {
    return this.filter.isFlapping({ ...this.options.externalLabels, ...labels });
  }

  flapping(): FlappingAlert[] {
    return this.filter.flapping();
  }

  private saveIfChanged(): void {
    if (!this.filter.dirty) return;
    this.filter.dirty = false;
    this.saving = this.file.save().catch((error: unknown) => {
      this.filter.dirty = true; // tried again at the next round
      this.options.logger.warn({ err: (error as Error).message }, 'cannot save the flap history');
    });
  }

  metricFamilies(): MetricFamily[] {
    return [
      {
        name: 'pgwarden_flap_alerts_flapping',
        type: 'gauge',
        help: 'Alerts flap control holds as flapping now.',
        samples: [{ labels: {}, value: this.filter.flapping().length }],
      },
      {
        name: 'pgwarden_flap_history_unusable_total',
        type: 'counter',
        help: 'Flap history files found unusable at start (set aside as flap.json.corrupt-<time>; started afresh).',
        samples: [{ labels: {}, value: this.unusableFiles }],
      },
    ];
  }

  /** Stops the sweep and writes what is not saved yet. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.saveIfChanged();
    await this.saving;
  }
}
