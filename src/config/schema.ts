import { z } from 'zod';
import { parseDuration } from './duration.js';
import { compileRe2 } from '../promql/re2.js';
import { serverLogSchema } from '../collect/serverlog/config.js';

/** A Prometheus duration string, parsed to milliseconds. */
export const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a valid duration "${text}" (use Prometheus syntax: 30s, 5m, 1h30m)` });
    return z.NEVER;
  }
  return ms;
});

/** A regular expression matched in JavaScript: RE2 syntax, compiled by the linear-time engine (promql/re2.ts). */
const regex = z.string().superRefine((text, ctx) => {
  try {
    compileRe2(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression (RE2): ${(error as Error).message}` });
  }
});

const relationFilter = z.strictObject({ schema: z.string().min(1).optional(), relation: z.string().min(1).optional() });

/** What `collectors.overrides.<name>` may change in a definition without copying its file. */
const collectorOverride = z.strictObject({
  max_series: z.number().int().min(0).optional(),
  cache_seconds: z.number().min(0).optional(),
  timeout: duration.optional(),
  late_columns_cache_seconds: z.number().min(0).optional(),
});

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'not a valid label name');

export const targetSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .regex(/^[^\s]+$/, 'must not contain white space'),
    url: z.string().min(1).optional(),
    url_file: z.string().min(1).optional(),
    password_file: z.string().min(1).optional(),
    password_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name')
      .optional(),
    max_connections: z.number().int().min(1).max(20).default(2),
    connect_timeout: duration.optional(), // absent: the DSN's connect_timeout, else 10s (config/load.ts)
    statement_timeout: duration.default(10_000),
    lock_timeout: duration.default(1_000),
    // The per-database collectors' connection to the other databases stays open this long after use (0: closed
    // after each visit, for databases that are dropped or used as a TEMPLATE while the agent runs).
    per_database_idle_timeout: duration.default(60_000),
    // How many of those connections (one per database) stay open between collections: a kept backend plans its
    // prepared statements once and has warm catalog caches (issue 21: half the server's cost at small scale).
    per_database_connections: z.number().int().min(1).max(20).default(3),
    // Collector SQL as prepared statements, planned once per connection; off for a PgBouncer in transaction mode
    // that cannot keep them (before 1.21, or max_prepared_statements = 0).
    prepared_statements: z.boolean().default(true),
    labels: z.record(labelName, z.string()).default({}),
    // The server's log files, read into pg_log_* metrics (docs/server-log.md).
    log: serverLogSchema.optional(),
  })
  .refine((t) => (t.url === undefined) !== (t.url_file === undefined), {
    message: 'give exactly one of url and url_file',
  })
  .refine((t) => t.password_file === undefined || t.password_env === undefined, {
    message: 'give at most one of password_file and password_env',
  });

export const collectorsSchema = z
  .strictObject({
    directories: z.array(z.string()).default([]),
    enable: z.array(z.string()).default([]),
    disable: z.array(z.string()).default([]),
    databases: z
      .strictObject({ include: z.array(regex).default([]), exclude: z.array(regex).default([]) })
      .default({ include: [], exclude: [] }),
    // POSIX regular expressions (PostgreSQL's ~) on schema and relation names, for every collector labelled by
    // schemaname and relname; they replace a definition's own include/exclude for the same field.
    relations: z
      .strictObject({ include: relationFilter.default({}), exclude: relationFilter.default({}) })
      .default({ include: {}, exclude: {} }),
    // Collector name → settings replacing the definition's own; names are checked against the loaded definitions
    // (collect/collector-overrides.ts), which the schema cannot see.
    overrides: z.record(z.string(), collectorOverride).default({}),
  })
  .default({
    directories: [],
    enable: [],
    disable: [],
    databases: { include: [], exclude: [] },
    relations: { include: {}, exclude: {} },
    overrides: {},
  });

export const webSchema = z
  .strictObject({
    listen_address: z.string().optional(),
    telemetry_path: z.string().startsWith('/').optional(),
    config_file: z.string().optional(),
    external_url: z.string().optional(),
    /** POST /-/reload (Prometheus's --web.enable-lifecycle); on by default, as in Alertmanager. */
    enable_lifecycle: z.boolean().default(true),
    /** The web console shows state but changes nothing; --web.read-only / --no-web.read-only override it. */
    read_only: z.boolean().default(false),
  })
  .default({ enable_lifecycle: true, read_only: false });

/**
 * The configuration file. `alerting` and `backups` are validated by their own modules' schemas
 * (see config/load.ts), so the sections stay owned by the code that uses them.
 */
export const configSchema = z.strictObject({
  targets: z.array(targetSchema).default([]),
  collection_interval: duration.default(15_000),
  /** Collections of different targets running at once (docs/fleet.md); a hung one gives its slot back after an interval. */
  collection_concurrency: z.number().int().min(1).max(1000).default(10),
  evaluation_interval: duration.default(15_000),
  /** Every metric the store keeps is kept at least this long (the console's query graphs), beyond what rules read. */
  min_history: duration.default(0),
  /** Absent: the shipped rule pack; `[]`: no rules. */
  rule_files: z.array(z.string()).optional(),
  alerting: z.unknown().optional(),
  backups: z.unknown().optional(),
  remote_write: z.unknown().optional(),
  file_sd_configs: z.unknown().optional(),
  /** This agent's share of the targets when several agents split one configuration (see docs/fleet.md). */
  shard: z
    .strictObject({ index: z.number().int().min(0), count: z.number().int().min(1) })
    .refine((s) => s.index < s.count, { message: 'index must be less than count' })
    .optional(),
  collectors: collectorsSchema,
  state_dir: z.string().default('.state'),
  web: webSchema,
  external_labels: z.record(labelName, z.string()).default({}),
});

export type RawConfig = z.output<typeof configSchema>;
export type TargetConfig = z.output<typeof targetSchema>;
export type CollectorsConfig = z.output<typeof collectorsSchema>;
export type CollectorOverride = z.output<typeof collectorOverride>;
