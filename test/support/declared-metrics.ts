// The metric names the agent declares, collected from their sources of truth: the collector definitions, the backup
// families, the sampler, the rule engine, the notifier, the server-log counters and the process registry.
import type { Registry } from 'prom-client';
import { backupFamilyNames } from '../../src/collect/backups/index.js';
import { loadDefinitions, type CollectorDefinition } from '../../src/collect/definition.js';
import { outcomeFamilies } from '../../src/collect/sampler.js';
import { createSelfRegistry } from '../../src/collect/self-metrics.js';
import { NotifyMetrics } from '../../src/notify/metrics.js';
import { LogCounters } from '../../src/collect/serverlog/counters.js';
import { shippedCollectorsDir } from '../../src/paths.js';
import { ruleMetricFamilies } from '../../src/rules/rule-metrics.js';

export interface DeclaredMetrics {
  readonly names: ReadonlySet<string>;
  /** Prefixes of templated names (`pg_settings_{metric}` declares every `pg_settings_*`). */
  readonly prefixes: readonly string[];
}

/**
 * The fixed part of a templated name. A name that is only a placeholder (`{metric}`, built by the query) takes the
 * prefix from the SQL, where the query glues it on: `'pg_settings_' || ...`.
 */
function templatePrefix(name: string, definition: CollectorDefinition): string {
  const prefix = name.slice(0, name.indexOf('{'));
  if (prefix !== '') return prefix;
  const fromSql = Object.values(definition.queries)
    .map((sql) => /'([a-z][a-z0-9_]*_)'\s*\|\|/.exec(sql)?.[1])
    .find((p) => p !== undefined);
  if (fromSql === undefined) throw new Error(`cannot tell the prefix of ${name} in collector ${definition.name}`);
  return fromSql;
}

/** Names as the registry exposes them: histograms and summaries add their series suffixes. */
function registryNames(registry: Registry): string[] {
  return registry.getMetricsAsArray().flatMap((metric) => {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (type === 'histogram') return [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
    if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
    return [name];
  });
}

export function declaredMetrics(): DeclaredMetrics {
  const names = new Set<string>();
  const prefixes: string[] = [];
  const loaded = loadDefinitions([shippedCollectorsDir()]);
  if (loaded.problems.length > 0) throw new Error(`collector definitions have problems: ${loaded.problems.join('; ')}`);
  for (const definition of loaded.definitions) {
    for (const metric of definition.metrics) {
      if (metric.name.includes('{')) prefixes.push(templatePrefix(metric.name, definition));
      else names.add(metric.name);
    }
  }
  const governed = { collector: 'x', success: true, durationSeconds: 0, droppedSeries: 0, families: [] };
  for (const family of outcomeFamilies(true, [governed], 0, 0, 0)) names.add(family.name);
  for (const name of backupFamilyNames()) names.add(name);
  for (const family of ruleMetricFamilies([], { successful: true, lastSuccessMs: undefined })) names.add(family.name);
  for (const name of registryNames(new NotifyMetrics(() => 0).registry)) names.add(name);
  for (const name of registryNames(createSelfRegistry('0.0.0'))) names.add(name);
  for (const family of new LogCounters({ maxSeries: 1, topStatements: 1 }).families()) names.add(family.name);
  return { names, prefixes };
}

export function isDeclared(name: string, declared: DeclaredMetrics): boolean {
  return declared.names.has(name) || declared.prefixes.some((prefix) => name.startsWith(prefix));
}
