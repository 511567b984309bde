// Prometheus's `http_config` (prometheus/common config/http_config.go), the one schema of every outgoing HTTP client:
// Alertmanager's receivers and `global.http_config`, the heartbeat, and (inline, as Prometheus has it) remote_write.
// Keys are Prometheus's; `*_ref` (secret managers) and `http_headers` (common 0.50+) are not supported.
import { z } from 'zod';

export const TLS_VERSIONS = ['TLS10', 'TLS11', 'TLS12', 'TLS13'] as const;

export const tlsConfigSchema = z.strictObject({
  ca: z.string().optional(),
  ca_file: z.string().min(1).optional(),
  cert: z.string().optional(),
  cert_file: z.string().min(1).optional(),
  key: z.string().optional(),
  key_file: z.string().min(1).optional(),
  server_name: z.string().optional(),
  insecure_skip_verify: z.boolean().default(false),
  min_version: z.enum(TLS_VERSIONS).optional(),
  max_version: z.enum(TLS_VERSIONS).optional(),
});

/** proxy_connect_header: header name to values (Prometheus: `map[string][]Secret`); a single string is one value. */
const proxyConnectHeader = z.record(z.string().min(1), z.union([z.string(), z.array(z.string())]));

/** Prometheus's ProxyConfig, inlined into http_config and oauth2. */
export const proxyShape = {
  proxy_url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  no_proxy: z.string().optional(),
  proxy_from_environment: z.boolean().default(false),
  proxy_connect_header: proxyConnectHeader.optional(),
};

export const oauth2Schema = z.strictObject({
  client_id: z.string().min(1, 'oauth2 client_id must be configured'),
  client_secret: z.string().optional(),
  client_secret_file: z.string().min(1).optional(),
  scopes: z.array(z.string()).default([]),
  token_url: z.url({ protocol: /^https?$/, error: 'oauth2 token_url must be an http:// or https:// URL' }),
  endpoint_params: z.record(z.string(), z.string()).default({}),
  tls_config: tlsConfigSchema.optional(),
  ...proxyShape,
});

export const basicAuthSchema = z.strictObject({
  username: z.string().default(''),
  username_file: z.string().min(1).optional(),
  password: z.string().optional(),
  password_file: z.string().min(1).optional(),
});

export const authorizationSchema = z.strictObject({
  type: z.string().default('Bearer'),
  credentials: z.string().optional(),
  credentials_file: z.string().min(1).optional(),
});

/** Every http_config key, for inlining (remote_write) or as the `http_config:` object. */
export const httpClientShape = {
  basic_auth: basicAuthSchema.optional(),
  authorization: authorizationSchema.optional(),
  oauth2: oauth2Schema.optional(),
  /** Deprecated in Prometheus in favour of authorization.credentials; mapped to it. */
  bearer_token: z.string().optional(),
  /** Deprecated in Prometheus in favour of authorization.credentials_file; mapped to it. */
  bearer_token_file: z.string().min(1).optional(),
  tls_config: tlsConfigSchema.optional(),
  follow_redirects: z.boolean().default(true),
  /** Accepted for compatibility; pgwarden's client speaks HTTP/1.1 (docs/notifications.md, "http_config"). */
  enable_http2: z.boolean().default(true),
  ...proxyShape,
};

type Ctx = z.RefinementCtx;
type Obj = Record<string, unknown>;

function atMostOne(obj: Obj, keys: readonly string[], ctx: Ctx, path: (string | number)[] = []): void {
  const set = keys.filter((k) => obj[k] !== undefined && obj[k] !== '');
  if (set.length > 1) ctx.addIssue({ code: 'custom', path, message: `at most one of ${keys.join(', ')} may be set` });
}

function checkTls(tls: Obj | undefined, ctx: Ctx, path: (string | number)[]): void {
  if (!tls) return;
  atMostOne(tls, ['ca', 'ca_file'], ctx, path);
  atMostOne(tls, ['cert', 'cert_file'], ctx, path);
  atMostOne(tls, ['key', 'key_file'], ctx, path);
  const hasCert = tls['cert'] !== undefined || tls['cert_file'] !== undefined;
  const hasKey = tls['key'] !== undefined || tls['key_file'] !== undefined;
  if (hasCert !== hasKey)
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'client cert and key must both be set (cert/cert_file, key/key_file)',
    });
}

function checkProxy(proxy: Obj, ctx: Ctx, path: (string | number)[]): void {
  if (proxy['proxy_from_environment'] === true && proxy['proxy_url'] !== undefined)
    ctx.addIssue({ code: 'custom', path, message: 'if proxy_from_environment is set, proxy_url must not be set' });
  if (proxy['no_proxy'] && proxy['proxy_url'] === undefined)
    ctx.addIssue({ code: 'custom', path, message: 'if no_proxy is set, proxy_url must be set' });
  if (proxy['proxy_connect_header'] && proxy['proxy_url'] === undefined && proxy['proxy_from_environment'] !== true)
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'if proxy_connect_header is set, proxy_url or proxy_from_environment must be set',
    });
}

/** Prometheus's HTTPClientConfig.Validate(), plus each `x`/`x_file` pair and a complete client certificate. */
export function checkHttpClientConfig(http: Obj, ctx: Ctx, path: (string | number)[] = []): void {
  const auth = ['basic_auth', 'authorization', 'oauth2', 'bearer_token', 'bearer_token_file'];
  const set = auth.filter((k) => http[k] !== undefined);
  if (set.length > 1)
    ctx.addIssue({ code: 'custom', path, message: `at most one of ${set.join(', ')} may be set (each authenticates)` });
  const basic = http['basic_auth'] as Obj | undefined;
  if (basic) {
    atMostOne(basic, ['username', 'username_file'], ctx, [...path, 'basic_auth']);
    atMostOne(basic, ['password', 'password_file'], ctx, [...path, 'basic_auth']);
  }
  const authorization = http['authorization'] as Obj | undefined;
  if (authorization) {
    atMostOne(authorization, ['credentials', 'credentials_file'], ctx, [...path, 'authorization']);
    if (String(authorization['type']).trim().toLowerCase() === 'basic')
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'authorization', 'type'],
        message: 'authorization type cannot be set to "basic", use "basic_auth" instead',
      });
  }
  const oauth2 = http['oauth2'] as Obj | undefined;
  if (oauth2) {
    atMostOne(oauth2, ['client_secret', 'client_secret_file'], ctx, [...path, 'oauth2']);
    checkTls(oauth2['tls_config'] as Obj | undefined, ctx, [...path, 'oauth2', 'tls_config']);
    checkProxy(oauth2, ctx, [...path, 'oauth2']);
  }
  checkTls(http['tls_config'] as Obj | undefined, ctx, [...path, 'tls_config']);
  checkProxy(http, ctx, path);
}

export const httpClientConfigSchema = z
  .strictObject(httpClientShape)
  .superRefine((h, ctx) => checkHttpClientConfig(h, ctx));

export type HttpClientConfig = z.output<typeof httpClientConfigSchema>;
export type TlsConfig = z.output<typeof tlsConfigSchema>;
export type OAuth2Config = z.output<typeof oauth2Schema>;
