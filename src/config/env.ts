import { readSecretFile } from './secret-file.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads VAR, or the contents of the file named by VAR_FILE (trimmed, relative to the working directory), as Docker
 * secrets and systemd credentials do. Throws a SecretFileError naming VAR_FILE when that file is unreadable or empty.
 */
export function envOrFile(env: Env, name: string): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[`${name}_FILE`];
  if (file) return readSecretFile('', file, `${name}_FILE`);
  return undefined;
}

/**
 * The one-database case from the environment: DATABASE_URL, or postgres_exporter's DATA_SOURCE_NAME, or
 * DATA_SOURCE_URI with DATA_SOURCE_USER / DATA_SOURCE_PASS. Returns the DSN, or undefined when none is set.
 */
export function dsnFromEnv(env: Env): string | undefined {
  const direct = envOrFile(env, 'DATABASE_URL') ?? envOrFile(env, 'DATA_SOURCE_NAME');
  if (direct) return direct;
  const uri = envOrFile(env, 'DATA_SOURCE_URI');
  if (!uri) return undefined;
  const user = envOrFile(env, 'DATA_SOURCE_USER');
  const pass = envOrFile(env, 'DATA_SOURCE_PASS');
  const credentials = user ? `${encodeURIComponent(user)}${pass ? ':' + encodeURIComponent(pass) : ''}@` : '';
  return `postgresql://${credentials}${uri.replace(/^postgres(ql)?:\/\//, '')}`;
}
