// `pgwarden doctor`: connects as the configured role, tries every collector once (read-only, rolled back) and says
// per collector whether it will work, what degrades, and which least-privilege SQL fixes it.
import pg from 'pg';
import { ConfigError, loadConfig, targetFromDsn, type ResolvedTarget } from '../config/load.js';
import { describeError } from '../collect/target.js';
import { checkCollectorOverrides } from '../collect/collector-setup.js';
import { loadDefinitions, selectDefinitions, type CollectorDefinition } from '../collect/definition.js';
import { shippedCollectorsDir } from '../paths.js';
import { doctorExitCode, setupSql, type CollectorReport, type ServerFacts } from '../collect/readiness.js';
import { diagnose } from './doctor-probe.js';

export interface DoctorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
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
    const off = report.enabled ? '' : ' (off in this configuration)';
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
    io.stderr(
      `${target.name}: cannot connect to ${target.display}: ${describeError(error, target.connection.password)}\n`,
    );
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
    config = loadConfig({ file: options.configFile, env: io.env, check: checkCollectorOverrides });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`pgwarden: ${error.message}\n`);
    return 2;
  }
  let targets: ResolvedTarget[];
  try {
    targets = parsed.url ? [targetFromDsn(parsed.url, undefined, '--url')] : [...config.targets];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`pgwarden: ${error.message}\n`);
    return 2;
  }
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
