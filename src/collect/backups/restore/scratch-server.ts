// The scratch server a drill restores into: one DSN, used by pg (our control session) and by psql / pg_restore
// through libpq's environment variables, so the password never appears on a command line (`ps` shows those).
import type { ClientConfig } from 'pg';
import { parseDsn } from '../../../config/dsn.js';
import { maskDsn } from '../../../config/secrets.js';
import { readSecretFile } from '../../../config/secret-file.js';
import type { RestoreTestConfig } from './config.js';

export interface ScratchServer {
  /** host:port (or socket directory:port): the lock and ledger key, shown in logs. Holds no secret. */
  readonly key: string;
  readonly display: string;
  readonly host: string;
  readonly port: number;
  /** The maintenance database our control session connects to. */
  readonly database: string;
  /** Everything pg needs, password included: never log it. */
  readonly connection: ClientConfig;
  /** libpq variables for the client tools (PGDATABASE is set per drill). */
  readonly toolEnv: Readonly<Record<string, string>>;
}

interface DsnParts {
  host?: string;
  port?: string;
  user?: string;
  password?: string;
  database?: string;
  sslmode?: string;
}

/** The DSN's parts, URL or keyword form, parsed as every other DSN of the configuration (config/dsn-parse.ts). */
function dsnParts(dsn: string): DsnParts {
  const p = parseDsn(dsn).params;
  const parts: DsnParts = {};
  const host = p.get('host') ?? p.get('hostaddr');
  if (host) parts.host = host;
  for (const [key, name] of [
    ['port', 'port'],
    ['user', 'user'],
    ['password', 'password'],
    ['database', 'dbname'],
    ['sslmode', 'sslmode'],
  ] as const) {
    const value = p.get(name);
    if (value) parts[key] = value;
  }
  return parts;
}

/** The scratch server of a restore_test block; `baseDir` resolves its *_file paths. */
export function scratchServerOf(config: RestoreTestConfig, baseDir: string): ScratchServer {
  const dsn = config.server ?? readSecretFile(baseDir, config.server_file!, 'restore_test.server_file');
  const parts = dsnParts(dsn);
  if (config.password_file)
    parts.password = readSecretFile(baseDir, config.password_file, 'restore_test.password_file');
  const host = parts.host || 'localhost';
  const port = Number(parts.port || 5432);
  const database = parts.database || 'postgres';
  const toolEnv: Record<string, string> = { PGHOST: host, PGPORT: String(port) };
  if (parts.user) toolEnv.PGUSER = parts.user;
  if (parts.password) toolEnv.PGPASSWORD = parts.password;
  if (parts.sslmode) toolEnv.PGSSLMODE = parts.sslmode;
  const connection: ClientConfig = { host, port, database };
  if (parts.user) connection.user = parts.user;
  if (parts.password) connection.password = parts.password;
  if (parts.sslmode && parts.sslmode !== 'disable')
    connection.ssl = parts.sslmode === 'require' || parts.sslmode === 'prefer' ? { rejectUnauthorized: false } : true;
  return { key: `${host}:${port}`, display: maskDsn(dsn), host, port, database, connection, toolEnv };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', '']);

function normalHost(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  // A socket directory is local too; so is every loopback spelling.
  return LOOPBACK.has(h) || h.startsWith('/') || h.startsWith('127.') ? 'local' : h;
}

/** Whether two host/port pairs name the same server (loopback spellings and socket directories count as one host). */
export function sameServer(a: { host: string; port: number }, b: { host: string; port: number }): boolean {
  return a.port === b.port && normalHost(a.host) === normalHost(b.host);
}

/** host and port of a monitored target's connection settings. */
export function hostPortOf(connection: ClientConfig): { host: string; port: number } {
  if (connection.connectionString) {
    const parts = dsnParts(connection.connectionString);
    return { host: connection.host ?? parts.host ?? 'localhost', port: Number(connection.port ?? parts.port ?? 5432) };
  }
  return { host: connection.host ?? 'localhost', port: Number(connection.port ?? 5432) };
}
