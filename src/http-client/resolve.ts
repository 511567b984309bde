// Reads every file an http_config names (credentials, passwords, the OAuth2 client secret, the CA, the client
// certificate and key) with the one `*_file` reader, so a missing or empty file is a config error naming its field at
// load and at reload (before anything changes), and the client factory sees values only. The deprecated
// bearer_token(_file) become `authorization`, as Prometheus does.
import { createSecureContext } from 'node:tls';
import { readKeyFile, readSecretFile } from '../config/secret-file.js';
import type { HttpClientConfig, OAuth2Config, TlsConfig } from './config.js';

/** An http_config whose `*_file` keys were read into their values (none is left). */
export type ResolvedHttpClientConfig = Omit<HttpClientConfig, 'bearer_token' | 'bearer_token_file'>;

/** A TLS setting that cannot be used: names the field, never the key's content. */
export class TlsConfigError extends Error {
  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'TlsConfigError';
  }
}

const readKey = readKeyFile;

function resolveTls(tls: TlsConfig | undefined, baseDir: string, path: string): TlsConfig | undefined {
  if (!tls) return undefined;
  let out = tls;
  for (const key of ['ca', 'cert', 'key']) out = readKey(out, key, baseDir, path);
  // Node parses PEM lazily, at the first connection; parse now so a wrong file is a config error.
  for (const key of ['ca', 'cert', 'key'] as const) {
    const value = out[key];
    if (value === undefined) continue;
    try {
      createSecureContext(key === 'ca' ? { ca: value } : key === 'cert' ? { cert: value } : { key: value });
    } catch (error) {
      const field = tls[`${key}_file`] !== undefined ? `${path}.${key}_file` : `${path}.${key}`;
      const code = (error as NodeJS.ErrnoException).code ?? 'invalid';
      throw new TlsConfigError(field, `not a usable PEM ${key === 'key' ? 'private key' : 'certificate'} (${code})`);
    }
  }
  if (out.cert !== undefined && out.key !== undefined) {
    try {
      createSecureContext({ cert: out.cert, key: out.key });
    } catch {
      throw new TlsConfigError(path, 'the client certificate and key do not match');
    }
  }
  return out;
}

function resolveOAuth2(oauth2: OAuth2Config | undefined, baseDir: string, path: string): OAuth2Config | undefined {
  if (!oauth2) return undefined;
  const out = readKey(oauth2, 'client_secret', baseDir, path);
  const tls = resolveTls(out.tls_config, baseDir, `${path}.tls_config`);
  return { ...out, ...(tls ? { tls_config: tls } : {}) };
}

/**
 * A copy of `http` with every `*_file` read. `path` names the http_config in errors, e.g.
 * `alerting.receivers[0].webhook_configs[1].http_config`.
 */
export function resolveHttpClientConfig(
  http: HttpClientConfig,
  baseDir: string,
  path: string,
): ResolvedHttpClientConfig {
  const { bearer_token, bearer_token_file, ...rest } = http;
  const out: ResolvedHttpClientConfig = { ...rest };
  if (bearer_token !== undefined) out.authorization = { type: 'Bearer', credentials: bearer_token };
  if (bearer_token_file !== undefined)
    out.authorization = {
      type: 'Bearer',
      credentials: readSecretFile(baseDir, bearer_token_file, `${path}.bearer_token_file`),
    };
  if (out.authorization)
    out.authorization = readKey(out.authorization, 'credentials', baseDir, `${path}.authorization`);
  if (out.basic_auth) {
    let basic = readKey(out.basic_auth, 'username', baseDir, `${path}.basic_auth`);
    basic = readKey(basic, 'password', baseDir, `${path}.basic_auth`);
    out.basic_auth = basic;
  }
  const oauth2 = resolveOAuth2(out.oauth2, baseDir, `${path}.oauth2`);
  if (oauth2) out.oauth2 = oauth2;
  const tls = resolveTls(out.tls_config, baseDir, `${path}.tls_config`);
  if (tls) out.tls_config = tls;
  return out;
}

/** The secret values of a resolved http_config, for the scrubbing registry (src/config/secrets.ts). */
export function httpClientSecrets(http: ResolvedHttpClientConfig | undefined): string[] {
  if (!http) return [];
  const proxyPasswords = [http.proxy_url, http.oauth2?.proxy_url].flatMap((url) => {
    const password = url ? decodeURIComponent(new URL(url).password) : '';
    return password ? [password] : [];
  });
  const connectHeaders = [http.proxy_connect_header, http.oauth2?.proxy_connect_header].flatMap((headers) =>
    Object.values(headers ?? {}).flat(),
  );
  return [
    http.authorization?.credentials,
    http.basic_auth?.password,
    http.oauth2?.client_secret,
    http.tls_config?.key,
    http.oauth2?.tls_config?.key,
    ...proxyPasswords,
    ...connectHeaders,
  ].filter((s): s is string => typeof s === 'string' && s !== '');
}
