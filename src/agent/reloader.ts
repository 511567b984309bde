import type { AgentConfig } from '../config/load.js';
import type { MetricFamily } from '../collect/model.js';
import type { Logger } from '../log.js';
import type { ReloadResult } from '../config/reload-result.js';

/** Applies a prepared change; it should not fail (everything that can was checked while preparing). */
export type ReloadCommit = () => Promise<void> | void;

/**
 * A part of the agent that takes a new configuration, in two halves: the hook itself reads and checks everything it
 * needs (files, secrets, rule files) and throws, changing nothing, when it cannot; it returns what applies the change.
 */
export type ReloadHook = (config: AgentConfig) => Promise<ReloadCommit | void> | ReloadCommit | void;

/** Settings only a restart applies; a reload that changes one is refused, rather than reported as applied. */
export function restartOnlyChanges(running: AgentConfig, next: AgentConfig): string[] {
  const fields: Array<[string, (c: AgentConfig) => unknown]> = [
    ['state_dir', (c) => c.stateDir],
    ['evaluation_interval', (c) => c.evaluationIntervalMs],
    ['min_history', (c) => c.minHistoryMs],
    ['external_labels', (c) => c.externalLabels],
    ['web.external_url', (c) => c.web.external_url],
    ['web.listen_address', (c) => c.web.listen_address],
    ['web.telemetry_path', (c) => c.web.telemetry_path],
  ];
  return fields
    .filter(([, read]) => JSON.stringify(read(running) ?? null) !== JSON.stringify(read(next) ?? null))
    .map(([name]) => name);
}

/**
 * SIGHUP and POST /-/reload: reads the configuration again and hands it to every registered part, atomically: every
 * part first prepares (and may refuse), and only when all have accepted does each apply its change. A file that does
 * not load, or a part that refuses, changes nothing: the running configuration stays and the located error is logged
 * and returned. Reloads never overlap. The outcome is exported as Prometheus's own reload metrics.
 */
export class Reloader {
  private readonly hooks: Array<{ name: string; hook: ReloadHook }> = [];
  private queue: Promise<unknown> = Promise.resolve();
  private successful = true;
  private lastSuccessMs: number;

  constructor(
    private readonly load: () => AgentConfig | Promise<AgentConfig>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSuccessMs = now();
  }

  /** Registers a part that takes part in reloads (rules, notifier); returns a function that removes it. */
  addHook(name: string, hook: ReloadHook): () => void {
    const entry = { name, hook };
    this.hooks.push(entry);
    return () => {
      const i = this.hooks.indexOf(entry);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  reload(trigger: string): Promise<ReloadResult> {
    const run = this.queue.then(() => this.reloadOnce(trigger));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reloadOnce(trigger: string): Promise<ReloadResult> {
    let config: AgentConfig;
    const commits: Array<{ name: string; commit: ReloadCommit }> = [];
    try {
      config = await this.load();
      for (const { name, hook } of this.hooks) {
        try {
          const commit = await hook(config);
          if (commit) commits.push({ name, commit });
        } catch (error) {
          throw new Error(`${name}: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      this.successful = false;
      const message = (error as Error).message;
      this.logger.error({ trigger, err: message }, 'configuration reload failed; the running configuration stays');
      return { ok: false, error: message };
    }
    const failed: string[] = [];
    for (const { name, commit } of commits) {
      try {
        await commit();
      } catch (error) {
        failed.push(`${name}: ${(error as Error).message}`);
      }
    }
    if (failed.length) {
      // Checked beforehand, so this is an I/O failure while applying: say exactly which parts did not take it.
      this.successful = false;
      const message = `applied except: ${failed.join('; ')}`;
      this.logger.error({ trigger, err: message }, 'configuration reload failed in part');
      return { ok: false, error: message };
    }
    this.successful = true;
    this.lastSuccessMs = this.now();
    this.logger.info({ trigger, targets: config.targets.map((t) => t.name) }, 'configuration reloaded');
    return { ok: true };
  }

  families(): MetricFamily[] {
    return [
      {
        name: 'pgwarden_config_last_reload_successful',
        type: 'gauge',
        help: 'Whether the last configuration reload attempt was successful.',
        samples: [{ labels: {}, value: this.successful ? 1 : 0 }],
      },
      {
        name: 'pgwarden_config_last_reload_success_timestamp_seconds',
        type: 'gauge',
        help: 'Timestamp of the last successful configuration reload (or of the start).',
        samples: [{ labels: {}, value: Math.floor(this.lastSuccessMs / 1000) }],
      },
    ];
  }
}
