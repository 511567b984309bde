import type { AgentConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import { shippedCollectorsDir } from '../paths.js';
import { loadDefinitions, selectDefinitions, withRelationFilters } from './definition.js';
import type { SamplerOptions } from './sampler.js';
import { SqlCollector } from './sql-source.js';

export interface CollectorSetup {
  /** A fresh set of collectors (each sampler caches per collector, so samplers must not share them). */
  readonly collectors: () => SqlCollector[];
  readonly options: SamplerOptions;
}

/**
 * What every sampler of a configuration runs — the shipped and the user's definitions, enabled per config, with the
 * relation filters — so the agent and `pgwarden check` collect exactly the same way.
 */
export function collectorSetup(config: AgentConfig, logger: Logger): CollectorSetup {
  const loaded = loadDefinitions([shippedCollectorsDir(), ...config.collectors.directories]);
  for (const problem of loaded.problems) logger.error({ problem }, 'collector definition skipped');
  const definitions = selectDefinitions(loaded.definitions, config.collectors.enable, config.collectors.disable);
  const databases = {
    include: config.collectors.databases.include.map((r) => new RegExp(r)),
    exclude: config.collectors.databases.exclude.map((r) => new RegExp(r)),
  };
  return {
    collectors: () => definitions.map((d) => new SqlCollector(withRelationFilters(d, config.collectors.relations))),
    options: { intervalMs: config.collectionIntervalMs, logger, databases },
  };
}
