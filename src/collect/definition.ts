import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { duration } from '../config/schema.js';
import { locatedProblem, parseYamlSource } from '../config/yaml-source.js';

const metricName = z.string().regex(/^[a-zA-Z_:{][a-zA-Z0-9_:{}]*$/, 'not a valid metric name (placeholders allowed)');

const metricSchema = z.strictObject({
  column: z.string().min(1),
  name: metricName,
  type: z.enum(['gauge', 'counter', 'untyped']),
  help: z.string().min(1),
  labels: z.array(z.string()).default([]),
});

/** POSIX regular expressions (PostgreSQL `~`) on the query's `schemaname` and `relname` columns. */
const relationFilter = z.strictObject({ schema: z.string().min(1).optional(), relation: z.string().min(1).optional() });

export const definitionSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
    help: z.string().min(1),
    enabled: z.boolean().default(true),
    scope: z.enum(['server', 'database']).default('server'),
    cache_seconds: z.number().min(0).default(0),
    timeout: duration.optional(),
    requires_extension: z.string().nullable().optional(),
    queries: z
      .record(z.string().regex(/^\d+$/, 'keys are PostgreSQL majors, e.g. "13"'), z.string().min(1))
      .refine((q) => Object.keys(q).length > 0, 'at least one query'),
    labels: z.array(z.string()).default([]),
    metrics: z.array(metricSchema).min(1),
    // Cardinality governor (src/collect/governor.ts): keep the max_series largest rows by order_by, filter relations.
    max_series: z.number().int().min(0).optional(),
    order_by: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'a plain lower-case column name')
      .optional(),
    include: relationFilter.optional(),
    exclude: relationFilter.optional(),
    // A cheap query over the catalogs that ranks the relations (key, schemaname, relname, order_by): the filters and
    // max_series apply to it first, and the statistics query then reads only the kept relations' rows.
    candidates: z
      .strictObject({
        key: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a plain lower-case column name'),
        query: z.string().min(1),
      })
      .optional(),
    // Expensive per-row columns (sizes) computed only for the rows kept by include/exclude and max_series.
    late_columns: z
      .record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a plain lower-case column name'), z.string().min(1))
      .optional(),
    // Read the late columns once per this many seconds (sizes change slowly; counters are read every collection).
    late_columns_cache_seconds: z.number().min(0).default(0),
  })
  .refine((d) => d.max_series === undefined || d.order_by !== undefined, {
    message: 'max_series needs order_by (the column that ranks rows, largest first)',
    path: ['order_by'],
  });

export type CollectorDefinition = z.output<typeof definitionSchema> & { readonly file: string };
export type MetricMapping = z.output<typeof metricSchema>;

/** The SQL for a server major: the query keyed by the highest major ≤ the server's; undefined when none applies. */
export function sqlForVersion(queries: Readonly<Record<string, string>>, serverMajor: number): string | undefined {
  let best: number | undefined;
  for (const key of Object.keys(queries)) {
    const major = Number(key);
    if (major <= serverMajor && (best === undefined || major > best)) best = major;
  }
  return best === undefined ? undefined : queries[String(best)];
}

/** PostgreSQL's server_version_num (e.g. 150004) → the major (15); pgwarden supports 13 and later. */
export function majorOf(serverVersionNum: number): number {
  return Math.floor(serverVersionNum / 10000);
}

export function parseDefinition(file: string, text: string): { definition?: CollectorDefinition; problems: string[] } {
  const source = parseYamlSource(file, text);
  if (source.syntaxErrors.length) return { problems: source.syntaxErrors };
  const parsed = definitionSchema.safeParse(source.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => {
      const at = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((k) => locatedProblem(source, [...at, k], 'unknown key', true));
      return [locatedProblem(source, at, issue.message)];
    });
    return { problems };
  }
  return { definition: { ...parsed.data, file }, problems: [] };
}

export interface LoadedDefinitions {
  definitions: CollectorDefinition[];
  /** Files that failed to load, with located messages; the others still run. */
  problems: string[];
}

/** Loads every *.yaml / *.yml file of the directories; a later definition with the same name replaces an earlier one. */
export function loadDefinitions(directories: readonly string[]): LoadedDefinitions {
  const byName = new Map<string, CollectorDefinition>();
  const problems: string[] = [];
  for (const directory of directories) {
    let entries: string[];
    try {
      entries = readdirSync(directory)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();
    } catch (error) {
      problems.push(`${directory}: cannot read collector directory: ${(error as NodeJS.ErrnoException).code}`);
      continue;
    }
    for (const entry of entries) {
      const file = path.join(directory, entry);
      const result = parseDefinition(file, readFileSync(file, 'utf8'));
      problems.push(...result.problems);
      if (result.definition) byName.set(result.definition.name, result.definition);
    }
  }
  return { definitions: [...byName.values()], problems };
}

/** Which definitions run: enabled by default unless disabled in config, or off by default but enabled in config. */
export function selectDefinitions(
  all: readonly CollectorDefinition[],
  enable: readonly string[],
  disable: readonly string[],
): CollectorDefinition[] {
  return all.filter((d) => !disable.includes(d.name) && (d.enabled || enable.includes(d.name)));
}

export interface RelationFilters {
  readonly include: { readonly schema?: string | undefined; readonly relation?: string | undefined };
  readonly exclude: { readonly schema?: string | undefined; readonly relation?: string | undefined };
}

/**
 * Applies the config's relation filters (collectors.relations) to a definition whose series are labelled by
 * schemaname and relname, so every table and index collector filters the same way; a field set in the config
 * replaces the definition's own. Other definitions are returned unchanged.
 */
export function withRelationFilters(def: CollectorDefinition, filters: RelationFilters): CollectorDefinition {
  if (!def.labels.includes('schemaname') || !def.labels.includes('relname')) return def;
  const merge = (own: CollectorDefinition['include'], config: RelationFilters['include']) => {
    const schema = config.schema ?? own?.schema;
    const relation = config.relation ?? own?.relation;
    return schema === undefined && relation === undefined ? undefined : { schema, relation };
  };
  const include = merge(def.include, filters.include);
  const exclude = merge(def.exclude, filters.exclude);
  return { ...def, include, exclude };
}
