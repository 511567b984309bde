// `pgwarden doctor`: connects as the configured role, tries every collector once (read-only, rolled back) and says
// per collector whether it will work, what degrades, and which least-privilege SQL fixes it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parse } from 'yaml';
import { maskDsn } from '../config/secrets.js';
import {
  assessCollector,
  doctorExitCode,
  setupSql,
  type CollectorInfo,
  type CollectorReport,
  type ServerFacts,
  type TrialRun,
} from '../collect/readiness.js';

export interface DoctorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

interface DoctorDefinition extends CollectorInfo {
  readonly sql: string | undefined;
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

function sqlFor(queries: Record<string, string>, major: number): string | undefined {
  const key = Object.keys(queries)
    .map(Number)
    .filter((k) => k <= major)
    .sort((a, b) => b - a)[0];
  return key === undefined ? undefined : queries[String(key)];
}

/** The shipped collectors/ directory: next to package.json, above this module in src/ or dist/src/. */
export function shippedCollectorsDir(from: string = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the pgwarden package directory');
    dir = parent;
  }
  return path.join(dir, 'collectors');
}

export function readDefinitions(dir: string, major: number): DoctorDefinition[] {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => {
      const raw = parse(readFileSync(path.join(dir, file), 'utf8')) as {
        name: string;
        enabled?: boolean;
        scope?: 'server' | 'database';
        requires_extension?: string | null;
        queries: Record<string, string>;
      };
      const sql = sqlFor(raw.queries, major);
      return {
        name: raw.name,
        enabled: raw.enabled ?? true,
        scope: raw.scope ?? 'server',
        requiresExtension: raw.requires_extension,
        supported: sql !== undefined,
        sql,
      };
    });
}

export async function diagnose(
  client: pg.ClientBase,
  dir: string,
): Promise<{ facts: ServerFacts; reports: CollectorReport[] }> {
  const facts = await readFacts(client);
  const reports: CollectorReport[] = [];
  for (const def of readDefinitions(dir, facts.major)) {
    const extensionMissing = def.requiresExtension && !facts.installedExtensions.includes(def.requiresExtension);
    const trial = def.sql !== undefined && !extensionMissing ? await tryQuery(client, def.sql) : undefined;
    reports.push(assessCollector(def, facts, trial));
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

const USAGE = 'usage: pgwarden doctor [--url postgres://user@host/db] [--collectors DIR]  (or DATABASE_URL)';

function parseArgs(args: readonly string[], env: NodeJS.ProcessEnv): { url?: string; dir: string } | string {
  let url = env.DATABASE_URL;
  let dir = shippedCollectorsDir();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if ((arg === '--url' || arg === '--collectors') && value !== undefined) {
      if (arg === '--url') url = value;
      else dir = value;
      i++;
    } else if (arg === '--help' || arg === '-h') {
      return USAGE;
    } else {
      return `unknown argument: ${arg}\n${USAGE}`;
    }
  }
  return { url, dir };
}

/** Returns the process exit code: 0 when every default collector can run, 1 when one cannot, 2 on bad usage. */
export async function runDoctor(args: readonly string[], io: DoctorIo): Promise<number> {
  const parsed = parseArgs(args, io.env);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n`);
    return 2;
  }
  if (!parsed.url) {
    io.stderr(`no database to check: pass --url or set DATABASE_URL\n${USAGE}\n`);
    return 2;
  }
  const client = new pg.Client({ connectionString: parsed.url, application_name: 'pgwarden doctor' });
  try {
    await client.connect();
  } catch (error) {
    io.stderr(`cannot connect to ${maskDsn(parsed.url)}: ${maskDsn((error as Error).message)}\n`);
    return 1;
  }
  try {
    const { facts, reports } = await diagnose(client, parsed.dir);
    io.stdout(formatReport(facts, reports));
    return doctorExitCode(reports);
  } finally {
    await client.end();
  }
}
