import { readFileSync, statSync } from 'node:fs';
import { readSecretFile, SecretFileError } from './secret-file.js';
import path from 'node:path';
import type { ClientConfig } from 'pg';
import type { z } from 'zod';
import { dsnFromEnv, type Env } from './env.js';
import { clientConfigOf, displayDsn, DsnError, instanceNameOf, parseDsn } from './dsn.js';
import { configSchema, targetSchema, type CollectorsConfig, type RawConfig, type TargetConfig } from './schema.js';
import type { ServerLogConfig } from '../collect/serverlog/config.js';
import { locatedProblem, parseYamlSource, type YamlSource } from './yaml-source.js';

export interface ResolvedTarget {
  readonly name: string;
  /** Connection settings for pg; may hold a password, so never log it: use `display`. */
  readonly connection: ClientConfig;
  /** The DSN with its password masked, for logs and the API. */
  readonly display: string;
  readonly maxConnections: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
  /** How long the connection to another database stays open after use; 0 closes it after each visit. */
  readonly perDatabaseIdleMs: number;
  /** How many connections to other databases stay open between collections (one per database). */
  readonly perDatabaseConnections: number;
  /** Collector SQL as named prepared statements (planned once per connection). */
  readonly preparedStatements: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** The server log to follow (`log:`), if any. */
  readonly log?: ServerLogConfig | undefined;
}

export interface AgentConfig {
  readonly file: string | undefined;
  readonly baseDir: string;
  readonly targets: readonly ResolvedTarget[];
  readonly collectionIntervalMs: number;
  /** How many targets' collections run at once (collection_concurrency). */
  readonly collectionConcurrency: number;
  readonly evaluationIntervalMs: number;
  /** min_history: the store keeps every kept metric at least this long (0: as long as the rules read it). */
  readonly minHistoryMs: number;
  /** Rule file patterns (absolute); undefined when the config names none (the shipped pack applies). */
  readonly ruleFiles: readonly string[] | undefined;
  readonly alerting: unknown;
  readonly backups: unknown;
  readonly remoteWrite: unknown;
  readonly fileSd: unknown;
  /** This agent's shard of the targets; undefined: all of them. */
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  readonly collectors: CollectorsConfig;
  readonly stateDir: string;
  readonly web: RawConfig['web'];
  readonly externalLabels: Readonly<Record<string, string>>;
}

/** Every problem found in a configuration, each as `file:line:col: path: message`. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Sections validated by the module that owns them (alerting by notify, backups by collect/backups). */
export type SectionSchemas = Partial<Record<'alerting' | 'backups' | 'remote_write' | 'file_sd_configs', z.ZodType>>;

/** zod issues as located problems (`file:line:col: path: message`); unknown keys point at the key. */
export function zodProblems(source: YamlSource, error: z.ZodError, prefix: (string | number)[] = []): string[] {
  return error.issues.flatMap((issue) => {
    const at = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => locatedProblem(source, [...at, key], 'unknown key', true));
    }
    return [locatedProblem(source, at, issue.message)];
  });
}

class MissingEnvError extends Error {
  constructor() {
    // The value is never echoed: a password pasted where the variable's name belongs would be printed.
    super('no such environment variable is set (the value must name a variable, not be the password)');
  }
}

/** The default connect timeout when neither the target nor its DSN (`connect_timeout`) sets one. */
const CONNECT_TIMEOUT_MS = 10_000;

function resolveTarget(t: TargetConfig, baseDir: string, env: Env): ResolvedTarget {
  const dsn = parseDsn(t.url ?? readSecretFile(baseDir, t.url_file as string, 'url_file'));
  const connection = clientConfigOf(dsn, (file) => readFileSync(path.resolve(baseDir, file), 'utf8'));
  // The explicit password wins over one in the DSN: connection settings are fields, so nothing parsed later can
  // override it.
  if (t.password_file) connection.password = readSecretFile(baseDir, t.password_file, 'password_file');
  if (t.password_env) {
    const password = env[t.password_env];
    if (password === undefined) throw new MissingEnvError();
    connection.password = password;
  }
  return {
    name: t.name,
    connection,
    display: displayDsn(dsn),
    maxConnections: t.max_connections,
    connectTimeoutMs: t.connect_timeout ?? connection.connectionTimeoutMillis ?? CONNECT_TIMEOUT_MS,
    statementTimeoutMs: t.statement_timeout,
    lockTimeoutMs: t.lock_timeout,
    perDatabaseIdleMs: t.per_database_idle_timeout,
    perDatabaseConnections: t.per_database_connections,
    preparedStatements: t.prepared_statements,
    labels: t.labels,
    ...(t.log ? { log: t.log } : {}),
  };
}

/**
 * A target from a DSN alone (DATABASE_URL, --url, the demo), with the schema's defaults for everything else; a DSN
 * that cannot be used throws a ConfigError naming `source` and the field.
 */
export function targetFromDsn(dsn: string, name = instanceNameOf(dsn), source = 'DSN'): ResolvedTarget {
  try {
    return resolveTarget(targetSchema.parse({ name, url: dsn }), '.', {});
  } catch (error) {
    if (error instanceof DsnError) throw new ConfigError([`${source}: ${error.message}`]);
    throw error;
  }
}

/** A target described outside the config file (file_sd): validated by the target schema, resolved as the file's. */
export function resolveTargetEntry(
  entry: Record<string, unknown>,
  baseDir: string,
  env: Env = process.env,
): ResolvedTarget {
  return resolveTarget(targetSchema.parse(entry), baseDir, env);
}

function validate(source: YamlSource, sections: SectionSchemas): RawConfig {
  if (source.syntaxErrors.length) throw new ConfigError(source.syntaxErrors);
  const parsed = configSchema.safeParse(source.value ?? {});
  const problems = parsed.success ? [] : zodProblems(source, parsed.error);
  for (const [key, schema] of Object.entries(sections) as [string, z.ZodType][]) {
    const value = (source.value as Record<string, unknown> | undefined)?.[key];
    if (value === undefined) continue;
    const result = schema.safeParse(value);
    if (!result.success) problems.push(...zodProblems(source, result.error, [key]));
    else if (parsed.success) (parsed.data as Record<string, unknown>)[key] = result.data;
  }
  if (parsed.success) {
    const names = new Set<string>();
    parsed.data.targets.forEach((t, i) => {
      if (names.has(t.name))
        problems.push(locatedProblem(source, ['targets', i, 'name'], `duplicate target "${t.name}"`));
      names.add(t.name);
    });
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/**
 * A check that needs more than the file (collector overrides against the definitions on disk), run once the file is
 * valid; `at` formats a problem at a path of the file as `file:line:col: path: message`.
 */
export type ConfigCheck = (
  config: AgentConfig,
  at: (path: ReadonlyArray<string | number>, message: string) => string,
) => string[];

export interface LoadOptions {
  file?: string | undefined;
  env?: Env;
  sections?: SectionSchemas;
  check?: ConfigCheck;
}

/** A configuration file larger than this is refused: parsing it would block the agent (and no real one is near). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

function readConfigText(file: string): string {
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigError([
        `${file}: the file has ${size} bytes, more than the ${MAX_CONFIG_BYTES} a configuration may have`,
      ]);
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
}

/** Loads the YAML file (if any) and the environment into one validated, frozen configuration. */
export function loadConfig(options: LoadOptions = {}): AgentConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.PGWARDEN_CONFIG;
  let raw: RawConfig;
  let source: YamlSource | undefined;
  if (file) {
    const text = readConfigText(file);
    source = parseYamlSource(file, text);
    // An empty file (0 bytes, or only comments) is far more often a truncated write or a wrong path than a wish to
    // monitor nothing: refused, so a reload keeps the running configuration. `{}` is the empty configuration.
    if (source.syntaxErrors.length === 0 && (source.value === null || source.value === undefined)) {
      throw new ConfigError([`${file}: the file is empty (write {} for a configuration with every default)`]);
    }
    raw = validate(source, options.sections ?? {});
  } else {
    raw = configSchema.parse({});
  }
  const baseDir = file ? path.dirname(path.resolve(file)) : process.cwd();
  const problems: string[] = [];
  const targets = raw.targets.flatMap((t, i) => {
    try {
      return [resolveTarget(t, baseDir, env)];
    } catch (error) {
      if (error instanceof MissingEnvError) {
        const where = source ? locatedProblem(source, ['targets', i, 'password_env'], error.message) : error.message;
        problems.push(source ? `${where} (${t.name})` : `${file}: targets.${i} (${t.name}): ${where}`);
        return [];
      }
      if (error instanceof DsnError) {
        problems.push(
          t.url !== undefined && source
            ? locatedProblem(source, ['targets', i, 'url'], `invalid DSN: ${error.message}`)
            : `${file}: targets.${i}.url_file (${t.name}): invalid DSN: ${error.message}`,
        );
        return [];
      }
      if (error instanceof SecretFileError) {
        problems.push(
          source
            ? `${locatedProblem(source, ['targets', i, error.field], error.detail)} (${t.name})`
            : `${file}: targets.${i}.${error.field} (${t.name}): ${error.detail}`,
        );
        return [];
      }
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${file}: targets.${i} (${t.name}): cannot read credentials file: ${code}`);
      return [];
    }
  });
  if (problems.length) throw new ConfigError(problems);
  let envDsn: string | undefined;
  try {
    envDsn = dsnFromEnv(env);
  } catch (error) {
    if (error instanceof SecretFileError) throw new ConfigError([error.message]);
    throw error;
  }
  if (targets.length === 0 && envDsn)
    targets.push(
      targetFromDsn(
        envDsn,
        undefined,
        'the DSN from the environment (DATABASE_URL, DATA_SOURCE_NAME or DATA_SOURCE_URI)',
      ),
    );
  const config: AgentConfig = Object.freeze({
    file,
    baseDir,
    targets,
    collectionIntervalMs: raw.collection_interval,
    collectionConcurrency: raw.collection_concurrency,
    evaluationIntervalMs: raw.evaluation_interval,
    minHistoryMs: raw.min_history,
    ruleFiles: raw.rule_files?.map((f) => path.resolve(baseDir, f)),
    alerting: raw.alerting,
    backups: raw.backups,
    remoteWrite: raw.remote_write,
    fileSd: raw.file_sd_configs,
    shard: raw.shard,
    collectors: { ...raw.collectors, directories: raw.collectors.directories.map((d) => path.resolve(baseDir, d)) },
    stateDir: path.resolve(baseDir, raw.state_dir),
    web: raw.web,
    externalLabels: raw.external_labels,
  });
  const at = (path: ReadonlyArray<string | number>, message: string) =>
    source ? locatedProblem(source, path, message, true) : `${path.join('.')}: ${message}`;
  const checked = options.check?.(config, at) ?? [];
  if (checked.length) throw new ConfigError(checked);
  return config;
}
