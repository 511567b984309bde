// collectors.overrides: a collector's max_series, cache_seconds, late_columns_cache_seconds and timeout changed from
// the config, without copying its definition file. Pure, so the config loader (file:line errors) and collectorSetup agree on what applies.
import type { CollectorOverride } from '../config/schema.js';
import type { CollectorDefinition } from './definition.js';

/** Why an override cannot apply, at its path in the config file (the loader turns it into file:line). */
export interface OverrideProblem {
  readonly path: readonly string[];
  readonly message: string;
}

/** A setting the override gives replaces the definition's own; one it leaves out keeps the definition's. */
export function withOverrides(def: CollectorDefinition, override: CollectorOverride): CollectorDefinition {
  return {
    ...def,
    max_series: override.max_series ?? def.max_series,
    cache_seconds: override.cache_seconds ?? def.cache_seconds,
    timeout: override.timeout ?? def.timeout,
    late_columns_cache_seconds: override.late_columns_cache_seconds ?? def.late_columns_cache_seconds,
  };
}

/**
 * Overrides that cannot apply: a name no loaded definition has, or a max_series for a definition without order_by
 * (the governor ranks rows by it to choose which to keep). A disabled collector may be overridden: it is loaded.
 */
export function overrideProblems(
  definitions: readonly CollectorDefinition[],
  overrides: Readonly<Record<string, CollectorOverride>>,
): OverrideProblem[] {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  return Object.entries(overrides).flatMap(([name, override]) => {
    const path = ['collectors', 'overrides', name];
    const def = byName.get(name);
    if (!def) return [{ path, message: `no collector named "${name}" (shipped or in collectors.directories)` }];
    if (override.max_series !== undefined && def.order_by === undefined) {
      const message = `collector ${name} has no order_by to rank its rows by, so it cannot take max_series`;
      return [{ path: [...path, 'max_series'], message }];
    }
    return [];
  });
}

/** Applies every override that can apply; one with a problem changes nothing and is returned with its problem. */
export function applyOverrides(
  definitions: readonly CollectorDefinition[],
  overrides: Readonly<Record<string, CollectorOverride>>,
): { definitions: CollectorDefinition[]; problems: OverrideProblem[] } {
  const problems = overrideProblems(definitions, overrides);
  const rejected = new Set(problems.map((p) => p.path[2]));
  const applied = definitions.map((def) => {
    // Own keys only: a collector named like an Object.prototype member must not pick that member up.
    const override = Object.hasOwn(overrides, def.name) ? overrides[def.name] : undefined;
    return override && !rejected.has(def.name) ? withOverrides(def, override) : def;
  });
  return { definitions: applied, problems };
}
