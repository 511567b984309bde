// The one HTTP client factory (receivers, heartbeat, remote_write): a resolved http_config becomes undici dispatchers
// (TLS options, proxy or not per destination) and the request-time behaviour (authentication, redirects), with
// Prometheus's semantics: authorization/basic_auth only when the request has no Authorization header yet, an OAuth2
// token always; follow_redirects false returns the 3xx answer. HTTP/1.1 always (enable_http2 is accepted).
import type { ConnectionOptions } from 'node:tls';
import { Agent, buildConnector, EnvHttpProxyAgent, fetch, ProxyAgent, type Dispatcher, type Response } from 'undici';
import type { OAuth2Config, TlsConfig } from './config.js';
import { bypassesProxy } from './no-proxy.js';
import { OAuth2Token } from './oauth2.js';
import type { ResolvedHttpClientConfig } from './resolve.js';

export interface HttpRequestInit {
  readonly method: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal;
}

export interface HttpClient {
  fetch(url: string, init: HttpRequestInit): Promise<Response>;
  close(): Promise<void>;
}

const TLS_VERSION = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;

/** Node's TLS options for a tls_config (files already read). */
export function tlsOptions(tls: TlsConfig | undefined): ConnectionOptions {
  if (!tls) return {};
  return {
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
    ...(tls.key !== undefined ? { key: tls.key } : {}),
    ...(tls.server_name ? { servername: tls.server_name } : {}),
    ...(tls.insecure_skip_verify ? { rejectUnauthorized: false } : {}),
    ...(tls.min_version ? { minVersion: TLS_VERSION[tls.min_version] } : {}),
    ...(tls.max_version ? { maxVersion: TLS_VERSION[tls.max_version] } : {}),
  };
}

type ProxySettings = Partial<
  Pick<OAuth2Config, 'proxy_url' | 'no_proxy' | 'proxy_from_environment' | 'proxy_connect_header' | 'tls_config'>
>;

/** The dispatcher for a destination: direct, through proxy_url (unless no_proxy matches), or from the environment. */
function dispatcherFor(settings: ProxySettings): { pick(url: URL): Dispatcher; close(): Promise<void> } {
  const tls = tlsOptions(settings.tls_config);
  // undici takes the SNI name from the URL's host before the connector options: a configured server_name must win.
  const connector = buildConnector({ ...tls, timeout: 10_000 } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (opts, callback) =>
    connector({ ...opts, ...(tls.servername ? { servername: tls.servername } : {}) }, callback);
  const direct = new Agent({ connect });
  const headers = Object.fromEntries(
    Object.entries(settings.proxy_connect_header ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
  let proxied: Dispatcher | undefined;
  if (settings.proxy_url)
    // proxyTunnel false: an http:// destination is requested in absolute form (as Go does); https:// uses CONNECT.
    proxied = new ProxyAgent({ uri: settings.proxy_url, requestTls: tls, proxyTunnel: false, headers });
  else if (settings.proxy_from_environment) proxied = new EnvHttpProxyAgent({ connect: tls, requestTls: tls, headers });
  return {
    pick(url) {
      if (!proxied) return direct;
      if (settings.proxy_url && settings.no_proxy && bypassesProxy(url, settings.no_proxy)) return direct;
      return proxied;
    },
    close: async () => {
      await Promise.all([direct.close(), proxied?.close()]);
    },
  };
}

function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * A client for one http_config (secrets already loaded by resolveHttpClientConfig). `onSecret` receives values
 * learnt at run time (OAuth2 access tokens), so they join the scrubbing registry.
 */
export function createHttpClient(
  config: ResolvedHttpClientConfig | undefined,
  onSecret: (value: string) => void = () => undefined,
): HttpClient {
  const dispatchers = dispatcherFor(config ?? {});
  const oauth2Dispatchers = config?.oauth2 && dispatcherFor(config.oauth2);
  const oauth2 =
    config?.oauth2 &&
    new OAuth2Token(
      config.oauth2,
      (url, init) => fetch(url, { ...init, dispatcher: oauth2Dispatchers!.pick(new URL(url)) }),
      onSecret,
    );
  const { authorization, basic_auth } = config ?? {};
  const staticAuth = authorization
    ? `${authorization.type.trim() || 'Bearer'} ${authorization.credentials ?? ''}`
    : basic_auth && basicHeader(basic_auth.username, basic_auth.password ?? '');
  const redirect = config?.follow_redirects === false ? 'manual' : 'follow';
  return {
    async fetch(url, init) {
      const headers: Record<string, string> = { ...init.headers };
      const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
      if (oauth2) {
        for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
        headers['authorization'] = await oauth2.header(init.signal);
      } else if (staticAuth && !hasAuthorization) headers['authorization'] = staticAuth;
      return fetch(url, {
        method: init.method,
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
        redirect,
        dispatcher: dispatchers.pick(new URL(url)),
      });
    },
    async close() {
      await Promise.all([dispatchers.close(), oauth2Dispatchers?.close()]);
    },
  };
}
