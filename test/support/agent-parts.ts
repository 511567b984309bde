import { loadDefinitions, parseDefinition, type CollectorDefinition } from '../../src/collect/definition.js';
import type { CollectionBudget } from '../../src/collect/collection-budget.js';
import { Sampler, type ExtraSource } from '../../src/collect/sampler.js';
import { SqlCollector } from '../../src/collect/sql-source.js';
import { Target } from '../../src/collect/target.js';
import type { ResolvedTarget } from '../../src/config/load.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { shippedCollectorsDir } from '../../src/paths.js';

export function shippedDefinitions(names?: string[]): CollectorDefinition[] {
  const { definitions } = loadDefinitions([shippedCollectorsDir()]);
  return names ? definitions.filter((d) => names.includes(d.name)) : definitions.filter((d) => d.enabled);
}

export function inlineDefinition(yaml: string): CollectorDefinition {
  const { definition, problems } = parseDefinition('inline.yaml', yaml);
  if (!definition) throw new Error(problems.join('\n'));
  return definition;
}

/** A SQL collector that always fails: its table does not exist. */
export function brokenDefinition(): CollectorDefinition {
  return inlineDefinition(`
name: broken
help: refers to a table that does not exist
queries: { "13": "SELECT n FROM no_such_table" }
metrics: [{ column: n, name: pg_broken_n, type: gauge, help: h }]
`);
}

export function makeSampler(
  target: ResolvedTarget,
  definitions: CollectorDefinition[],
  options: { logger?: Logger; extraSources?: ExtraSource[]; intervalMs?: number; budget?: CollectionBudget } = {},
): Sampler {
  const logger = options.logger ?? silentLogger();
  return new Sampler(
    new Target(target, logger),
    definitions.map((d) => new SqlCollector(d)),
    {
      intervalMs: options.intervalMs ?? 15_000,
      logger,
      databases: { include: [], exclude: [] },
      ...(options.extraSources ? { extraSources: options.extraSources } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
    },
  );
}
