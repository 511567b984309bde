// Runs `pgwarden check` in-process against the real test database, with a config file written for the test.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { GlobalOptions } from '../../../src/cli/args.js';
import { runCheck } from '../../../src/cli/check.js';
import { testDatabaseUrl } from '../../support/postgres.js';

export interface CheckRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ConfigParts {
  readonly url?: string;
  readonly backupDir?: string;
  /** Further top-level YAML lines (e.g. `collectors:` settings). */
  readonly extra?: readonly string[];
}

/** A config file with one target `main` (the test database) and optionally a backup directory. */
export async function writeConfig(parts: ConfigParts = {}): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pgwarden-check-'));
  const lines = ['targets:', '  - name: main', `    url: ${JSON.stringify(parts.url ?? testDatabaseUrl())}`];
  if (parts.backupDir) lines.push('backups:', `  - path: ${JSON.stringify(parts.backupDir)}`, '    retention: 30d');
  lines.push(...(parts.extra ?? []));
  const file = join(dir, 'pgwarden.yml');
  await writeFile(file, lines.join('\n') + '\n');
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function check(argv: string[], configFile: string | undefined): Promise<CheckRun> {
  let stdout = '';
  let stderr = '';
  const options: GlobalOptions = {
    listenAddress: ':9187',
    telemetryPath: '/metrics',
    webConfigFile: undefined,
    logLevel: 'info',
    logFormat: 'json',
    logRequests: false,
    configFile,
  };
  const code = await runCheck(argv, options, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

/** A session of the test's own, outside pgwarden (an application holding a transaction, a lock, a connection). */
export async function session(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testDatabaseUrl(), application_name: 'pgwarden-check-test' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The perfdata field of a label in a status line: `label=value;warn;crit;min;max` → its parts. */
export function perfField(line: string, label: string): string[] | undefined {
  const perf = line.split(' | ')[1] ?? '';
  const match = new RegExp(`(?:^| )${label}=([^ ]*)`).exec(perf);
  return match?.[1]?.split(';');
}
