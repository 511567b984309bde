import type { AgentConfig, ConfigCheck } from '../config/load.js';
import type { Logger } from '../log.js';
import { compileRe2 } from '../promql/re2.js';
import { shippedCollectorsDir } from '../paths.js';
import { applyOverrides, overrideProblems } from './collector-overrides.js';
import { loadDefinitions, selectDefinitions, withRelationFilters, type LoadedDefinitions } from './definition.js';
import type { SamplerOptions } from './sampler.js';
import { SqlCollector } from './sql-source.js';

export interface CollectorSetup {
  /** A fresh set of collectors (each sampler caches per collector, so samplers must not share them). */
  readonly collectors: () => SqlCollector[];
  readonly options: SamplerOptions;
}

/** The shipped definitions, then the user's directories (a user's definition replaces a shipped one of its name). */
function configuredDefinitions(config: Pick<AgentConfig, 'collectors'>): LoadedDefinitions {
  return loadDefinitions([shippedCollectorsDir(), ...config.collectors.directories]);
}

/**
 * The config loader's check of `collectors.overrides` (a ConfigError with file:line at start, in `pgwarden check`
 * and `doctor`, and a failed reload that keeps the running configuration). A definition file that does not load is
 * otherwise only logged; here it is shown too, as it may be why an overridden collector is unknown.
 */
export const checkCollectorOverrides: ConfigCheck = (config, at) => {
  if (Object.keys(config.collectors.overrides).length === 0) return [];
  const loaded = configuredDefinitions(config);
  const problems = overrideProblems(loaded.definitions, config.collectors.overrides);
  const names = new Set(loaded.definitions.map((d) => d.name));
  const unknown = Object.keys(config.collectors.overrides).some((name) => !names.has(name));
  return [...problems.map((p) => at(p.path, p.message)), ...(unknown ? loaded.problems : [])];
};

/**
 * What every sampler of a configuration runs — the shipped and the user's definitions, enabled per config, with the
 * overrides and relation filters — so the agent and `pgwarden check` collect exactly the same way.
 */
export function collectorSetup(config: AgentConfig, logger: Logger): CollectorSetup {
  const loaded = configuredDefinitions(config);
  for (const problem of loaded.problems) logger.error({ problem }, 'collector definition skipped');
  // Overrides over every loaded definition, so a disabled collector may carry one. The loader's check already
  // refused a bad override; one left here (a definition file changed since) is logged and ignored.
  const overridden = applyOverrides(loaded.definitions, config.collectors.overrides);
  for (const { path, message } of overridden.problems) {
    logger.error({ problem: `${path.join('.')}: ${message}` }, 'collector override ignored');
  }
  const definitions = selectDefinitions(overridden.definitions, config.collectors.enable, config.collectors.disable);
  const databases = {
    include: config.collectors.databases.include.map(compileRe2),
    exclude: config.collectors.databases.exclude.map(compileRe2),
  };
  return {
    collectors: () => definitions.map((d) => new SqlCollector(withRelationFilters(d, config.collectors.relations))),
    options: { intervalMs: config.collectionIntervalMs, logger, databases },
  };
}
