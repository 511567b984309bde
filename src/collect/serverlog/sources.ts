// One ServerLogSource per target with a `log:` section, kept across reloads while that section stays the same (it
// holds the counters and the recent events), replaced when it changes.
import { isDeepStrictEqual } from 'node:util';
import type { AgentConfig } from '../../config/load.js';
import type { Logger } from '../../log.js';
import type { RecentEvent } from './recent.js';
import { ServerLogSource } from './source.js';

export class ServerLogSources {
  private readonly sources = new Map<string, ServerLogSource>();

  constructor(private readonly logger: Logger) {}

  /** The sources of `targetName` under `config` (for the agent's extraSourcesFor). */
  for(targetName: string, config: AgentConfig): ServerLogSource[] {
    const log = config.targets.find((t) => t.name === targetName)?.log;
    const known = this.sources.get(targetName);
    if (!log) {
      this.sources.delete(targetName);
      return [];
    }
    if (known && isDeepStrictEqual(known.config, log)) return [known];
    const source = new ServerLogSource(targetName, log, config.stateDir, this.logger);
    this.sources.set(targetName, source);
    return [source];
  }

  /** Recent warnings and errors, newest first, of one target or of all (each event then names its target). */
  events(target: string | undefined, limit: number): (RecentEvent & { target: string })[] {
    const chosen = [...this.sources.values()].filter((s) => target === undefined || s.targetName === target);
    return chosen
      .flatMap((s) => s.events(limit).map((e) => ({ target: s.targetName, ...e })))
      .sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''))
      .slice(0, limit);
  }

  has(target: string): boolean {
    return this.sources.has(target);
  }
}
