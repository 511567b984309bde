// `pgwarden doctor`: connects as the configured role, tries every collector once (read-only, rolled back) and says
// per collector whether it will work, what degrades, and which least-privilege SQL fixes it.
import pg from 'pg';
import { ConfigError, loadConfig, targetFromDsn, type ResolvedTarget } from '../config/load.js';
import { maskSecretsInText } from '../config/secrets.js';
import { loadDefinitions, selectDefinitions, sqlForVersion, type CollectorDefinition } from '../collect/definition.js';
import { shippedCollectorsDir } from '../paths.js';
import {
  assessCollector,
  doctorExitCode,
  setupSql,
  type CollectorReport,
  type ServerFacts,
  type TrialRun,
} from '../collect/readiness.js';

export interface DoctorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

const FACTS_SQL = `
SELECT current_setting('server_version_num')::int / 10000 AS major,
       current_user AS role,
       COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) AS superuser,
       pg_has_role(current_user, 'pg_monitor', 'MEMBER') AS pg_monitor,
       pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS read_all_stats,
       (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS shared_preload_libraries,
       current_setting('track_io_timing')::bool AS track_io_timing,
       ARRAY(SELECT extname::text FROM pg_extension) AS installed,
       ARRAY(SELECT name::text FROM pg_available_extensions) AS available,
       ARRAY(SELECT datname::text FROM pg_database
             WHERE datallowconn AND NOT datistemplate AND NOT has_database_privilege(datname, 'CONNECT')) AS unreachable`;

interface FactsRow {
  major: number;
  role: string;
  superuser: boolean;
  pg_monitor: boolean;
  read_all_stats: boolean;
  /** NULL when the role may not read it (pg_read_all_settings, part of pg_monitor). */
  shared_preload_libraries: string | null;
  track_io_timing: boolean;
  installed: string[];
  available: string[];
  unreachable: string[];
}

export async function readFacts(client: pg.ClientBase): Promise<ServerFacts> {
  const row = (await client.query<FactsRow>(FACTS_SQL)).rows[0];
  if (!row) throw new Error('the server returned no row for the facts query');
  return {
    major: row.major,
    role: row.role,
    superuser: row.superuser,
    pgMonitor: row.pg_monitor,
    readAllStats: row.read_all_stats,
    sharedPreloadLibraries:
      row.shared_preload_libraries === null
        ? null
        : row.shared_preload_libraries
            .split(',')
            .map((s) => s.trim().replace(/^"|"$/g, ''))
            .filter(Boolean),
    installedExtensions: row.installed,
    availableExtensions: row.available,
    trackIoTiming: row.track_io_timing,
    unreachableDatabases: row.unreachable,
  };
}

/** Runs the query read-only, bounded by timeouts, and always rolls back. */
export async function tryQuery(client: pg.ClientBase, sql: string): Promise<TrialRun> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query("SET LOCAL statement_timeout = '10s'");
    await client.query("SET LOCAL lock_timeout = '1s'");
    await client.query(sql);
    return { ok: true };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return { ok: false, code, message };
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Tries every definition once in the connected database; `enabled` says which ones the configuration runs. */
export async function diagnose(
  client: pg.ClientBase,
  definitions: readonly CollectorDefinition[],
  enabled: ReadonlySet<string>,
): Promise<{ facts: ServerFacts; reports: CollectorReport[] }> {
  const facts = await readFacts(client);
  const reports: CollectorReport[] = [];
  for (const def of definitions) {
    const sql = sqlForVersion(def.queries, facts.major);
    const extension = def.requires_extension ?? undefined;
    const runnable = sql !== undefined && (!extension || facts.installedExtensions.includes(extension));
    const trial = runnable ? await tryQuery(client, sql) : undefined;
    const info = {
      name: def.name,
      enabled: enabled.has(def.name),
      scope: def.scope,
      requiresExtension: extension,
      supported: sql !== undefined,
    };
    reports.push(assessCollector(info, facts, trial));
  }
  return { facts, reports };
}

const MARK: Record<CollectorReport['status'], string> = {
  ok: 'OK      ',
  degraded: 'DEGRADED',
  inactive: 'INACTIVE',
  failing: 'FAILING ',
};

export function formatReport(facts: ServerFacts, reports: readonly CollectorReport[]): string {
  const lines = [
    `PostgreSQL ${facts.major}, connected as ${facts.role}` +
      (facts.superuser ? ' (superuser)' : facts.pgMonitor ? ' (pg_monitor)' : ' (no pg_monitor)'),
    '',
  ];
  for (const report of reports) {
    const off = report.enabled ? '' : ' (off by default)';
    lines.push(`${MARK[report.status]} ${report.collector}${off}`);
    for (const note of report.notes) lines.push(`         - ${note}`);
  }
  lines.push('', setupSql(facts), '');
  return lines.join('\n');
}

const USAGE =
  'usage: pgwarden doctor [--config FILE] [--target NAME | --url postgres://user@host/db]  (or DATABASE_URL)';

interface DoctorArgs {
  readonly url?: string | undefined;
  readonly target?: string | undefined;
}

function parseDoctorArgs(args: readonly string[]): DoctorArgs | string {
  const parsed: { url?: string; target?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = (args[i] ?? '').split(/=(.*)/s, 2);
    const value = inline ?? args[i + 1];
    if ((flag === '--url' || flag === '--target') && value !== undefined) {
      parsed[flag === '--url' ? 'url' : 'target'] = value;
      if (inline === undefined) i++;
    } else if (flag === '--help' || flag === '-h') {
      return USAGE;
    } else {
      return `unknown argument: ${flag}\n${USAGE}`;
    }
  }
  return parsed;
}

async function checkTarget(
  target: ResolvedTarget,
  definitions: readonly CollectorDefinition[],
  enabled: ReadonlySet<string>,
  io: DoctorIo,
): Promise<number> {
  const client = new pg.Client({ ...target.connection, application_name: 'pgwarden doctor' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    io.stderr(`${target.name}: cannot connect to ${target.display}: ${maskSecretsInText((error as Error).message)}\n`);
    return 1;
  }
  try {
    const { facts, reports } = await diagnose(client, definitions, enabled);
    io.stdout(`== ${target.name} (${target.display})\n${formatReport(facts, reports)}`);
    return doctorExitCode(reports);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface DoctorOptions {
  /** The global --config flag (or PGWARDEN_CONFIG in `io.env`). */
  readonly configFile?: string | undefined;
}

/**
 * `pgwarden doctor`: checks every configured target (or --target NAME, or --url). Returns the exit code: 0 when every
 * collector the configuration runs can run on every checked target, 1 when one cannot (or a target is unreachable),
 * 2 on bad usage or configuration.
 */
export async function runDoctor(args: readonly string[], io: DoctorIo, options: DoctorOptions = {}): Promise<number> {
  const parsed = parseDoctorArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig({ file: options.configFile, env: io.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`pgwarden: ${error.message}\n`);
    return 2;
  }
  let targets = parsed.url ? [targetFromDsn(parsed.url)] : [...config.targets];
  if (parsed.target) targets = targets.filter((t) => t.name === parsed.target);
  if (targets.length === 0) {
    io.stderr(`no database to check: configure a target, set DATABASE_URL or pass --url\n${USAGE}\n`);
    return 2;
  }
  const loaded = loadDefinitions([shippedCollectorsDir(), ...config.collectors.directories]);
  for (const problem of loaded.problems) io.stderr(`${problem}\n`);
  const { enable, disable } = config.collectors;
  const enabled = new Set(selectDefinitions(loaded.definitions, enable, disable).map((d) => d.name));
  let code = loaded.problems.length > 0 ? 1 : 0;
  for (const target of targets) code = Math.max(code, await checkTarget(target, loaded.definitions, enabled, io));
  return code;
}
