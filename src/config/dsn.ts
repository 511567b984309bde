import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import { DsnError, parseDsn, type ParsedDsn } from './dsn-parse.js';

export { DsnError, parseDsn, type ParsedDsn } from './dsn-parse.js';

/** The libpq keywords pgwarden understands, each with what it does; any other keyword is a configuration error. */
const SUPPORTED = [
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslpassword',
  'connect_timeout',
  'options',
  'client_encoding',
  'keepalives',
  'keepalives_idle',
  // The agent's sessions are always application_name=pgwarden; these are accepted so a DSN shared with other
  // tools still loads.
  'application_name',
  'fallback_application_name',
] as const;

/** Keywords whose values are secrets: masked wherever a DSN is shown. */
const SECRET_KEYWORDS = new Set(['password', 'sslpassword']);

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** Checks keywords and values; throws a DsnError naming the field. */
export function validateDsn(dsn: ParsedDsn): void {
  for (const [keyword, value] of dsn.params) {
    if (!(SUPPORTED as readonly string[]).includes(keyword)) {
      throw new DsnError(keyword, `unknown connection parameter (supported: ${SUPPORTED.join(', ')})`);
    }
    if (keyword === 'port' && !isPort(value)) throw new DsnError('port', 'is not a port number (1-65535)');
    if (keyword === 'sslmode' && !SSL_MODES.includes(value)) {
      throw new DsnError('sslmode', `must be one of ${SSL_MODES.join(', ')}`);
    }
    if ((keyword === 'connect_timeout' || keyword === 'keepalives_idle') && !/^\d+$/.test(value)) {
      throw new DsnError(keyword, 'is not a whole number of seconds');
    }
    if (keyword === 'keepalives' && value !== '0' && value !== '1') throw new DsnError(keyword, 'must be 0 or 1');
  }
}

function isPort(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535;
}

type ReadFile = (file: string) => string;
const readText: ReadFile = (file) => readFileSync(file, 'utf8');

/** libpq's sslmode semantics on pg's `ssl` option (pg cannot fall back from TLS to plain, so allow/prefer do not try). */
function sslOf(params: ReadonlyMap<string, string>, readFile: ReadFile): ClientConfig['ssl'] {
  const mode = params.get('sslmode');
  const rootcert = params.get('sslrootcert');
  const files = {
    ...(rootcert ? { ca: readFile(rootcert) } : {}),
    ...(params.has('sslcert') ? { cert: readFile(params.get('sslcert') as string) } : {}),
    ...(params.has('sslkey') ? { key: readFile(params.get('sslkey') as string) } : {}),
    ...(params.has('sslpassword') ? { passphrase: params.get('sslpassword') } : {}),
  };
  if (mode === undefined || mode === 'disable' || mode === 'allow' || mode === 'prefer') {
    return mode === undefined && rootcert ? files : undefined;
  }
  if (mode === 'verify-full') return files;
  // require with a root certificate behaves as verify-ca (libpq); verify-ca checks the chain, not the host name.
  if (mode === 'verify-ca' || rootcert) return { ...files, checkServerIdentity: () => undefined };
  return { ...files, rejectUnauthorized: false };
}

/**
 * pg's client settings as fields (never a connectionString, whose parsed fields would override explicit ones such as
 * a password from password_file). `hostaddr` wins over `host` for connecting, as in libpq.
 */
export function clientConfigOf(dsn: ParsedDsn, readFile: ReadFile = readText): ClientConfig {
  validateDsn(dsn);
  const p = dsn.params;
  const config: ClientConfig = {};
  const host = p.get('hostaddr') || p.get('host');
  if (host) config.host = host;
  if (p.has('port')) config.port = Number(p.get('port'));
  if (p.has('dbname')) config.database = p.get('dbname');
  if (p.has('user')) config.user = p.get('user');
  if (p.has('password')) config.password = p.get('password');
  if (p.has('options')) config.options = p.get('options');
  if (p.has('client_encoding')) config.client_encoding = p.get('client_encoding');
  if (p.has('keepalives')) config.keepAlive = p.get('keepalives') === '1';
  if (p.has('keepalives_idle')) config.keepAliveInitialDelayMillis = Number(p.get('keepalives_idle')) * 1000;
  if (p.has('connect_timeout')) config.connectionTimeoutMillis = Number(p.get('connect_timeout')) * 1000;
  try {
    const ssl = sslOf(p, readFile);
    if (ssl !== undefined) config.ssl = ssl;
  } catch (error) {
    throw new DsnError('sslrootcert/sslcert/sslkey', `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return config;
}

/** Parses, validates and maps a DSN (URL or keyword form) to pg's client settings. */
export function dsnToClientConfig(dsn: string, readFile: ReadFile = readText): ClientConfig {
  return clientConfigOf(parseDsn(dsn), readFile);
}

/** The same connection settings for another database of the server: one field, no string to re-encode. */
export function withDatabase(config: ClientConfig, database: string): ClientConfig {
  return { ...config, database };
}

const URL_SAFE = /[^A-Za-z0-9\-._~]/g;
const encode = (text: string) => text.replace(URL_SAFE, (c) => encodeURIComponent(c));

/**
 * The DSN as text for logs, the API and check output, rebuilt from its parsed fields with every secret as `****`:
 * a password with quotes, spaces or `@` cannot slip past a pattern, because no pattern is involved.
 */
export function displayDsn(dsn: ParsedDsn): string {
  const shown = (keyword: string, value: string) => (SECRET_KEYWORDS.has(keyword) ? '****' : value);
  if (dsn.form === 'keyword') {
    return [...dsn.params]
      .map(([k, v]) => `${k}=${SECRET_KEYWORDS.has(k) ? '****' : /^[^\s'\\]+$/.test(v) ? v : quoteKeyword(v)}`)
      .join(' ');
  }
  const p = dsn.params;
  const user = p.has('user') ? encode(p.get('user') as string) : '';
  const userinfo = user || p.has('password') ? `${user}${p.has('password') ? ':****' : ''}@` : '';
  const host = p.get('host') ?? '';
  const hostpart = host.includes(':') ? `[${host}]` : encode(host);
  const port = p.has('port') ? `:${p.get('port')}` : '';
  const db = p.has('dbname') ? `/${encode(p.get('dbname') as string)}` : '';
  const rest = [...p].filter(([k]) => !['user', 'password', 'host', 'port', 'dbname'].includes(k));
  const query = rest.length ? `?${rest.map(([k, v]) => `${encode(k)}=${encode(shown(k, v))}`).join('&')}` : '';
  return `${dsn.scheme ?? 'postgresql'}://${userinfo}${hostpart}${port}${db}${query}`;
}

function quoteKeyword(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** host:port, the readable name of a target given only by DSN (the `instance` label of its samples). */
export function instanceNameOf(dsn: string): string {
  try {
    const p = parseDsn(dsn).params;
    return `${p.get('host') || p.get('hostaddr') || 'localhost'}:${p.get('port') || '5432'}`;
  } catch {
    return 'postgres';
  }
}
