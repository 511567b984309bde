import type { ClientConfig } from 'pg';

/**
 * Parses a libpq keyword/value DSN (`host=db port=5432 user=u password='p w'`), the form postgres_exporter's
 * DATA_SOURCE_NAME also accepts. URL DSNs go to pg's own parser (connectionString).
 */
export function parseKeywordDsn(dsn: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/gi;
  for (const match of dsn.matchAll(re)) {
    const key = match[1] as string;
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    out[key.toLowerCase()] = value;
  }
  return out;
}

const KEYWORD_TO_CLIENT: Record<string, keyof ClientConfig> = {
  host: 'host',
  hostaddr: 'host',
  port: 'port',
  dbname: 'database',
  user: 'user',
  password: 'password',
  application_name: 'application_name',
};

export function dsnToClientConfig(dsn: string): ClientConfig {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dsn)) return { connectionString: dsn };
  const parts = parseKeywordDsn(dsn);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts)) {
    const mapped = KEYWORD_TO_CLIENT[key];
    if (mapped) config[mapped] = mapped === 'port' ? Number(value) : value;
    if (key === 'sslmode' && value !== 'disable')
      config.ssl = value === 'require' ? { rejectUnauthorized: false } : true;
  }
  return config as ClientConfig;
}

/**
 * The same connection settings for another database of the server. pg lets the fields parsed from a connectionString
 * override explicit ones, so a URL's path must be rewritten rather than a `database` field added.
 */
export function withDatabase(config: ClientConfig, database: string): ClientConfig {
  if (!config.connectionString) return { ...config, database };
  const url = new URL(config.connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  url.searchParams.delete('dbname');
  return { ...config, connectionString: url.toString() };
}

/** host:port, the readable name of a target given only by DSN (the `instance` label of its samples). */
export function instanceNameOf(dsn: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dsn)) {
    try {
      const url = new URL(dsn);
      const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost';
      return `${host}:${url.port || '5432'}`;
    } catch {
      return 'postgres';
    }
  }
  const parts = parseKeywordDsn(dsn);
  return `${parts.host ?? parts.hostaddr ?? 'localhost'}:${parts.port ?? '5432'}`;
}
