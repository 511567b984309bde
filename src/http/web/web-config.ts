import type { SecureVersion } from 'node:tls';
import { z } from 'zod';
import { zodProblems } from '../../config/load.js';
import { locatedProblem, type YamlSource } from '../../config/yaml-source.js';
import { checkConfiguredHeader } from './headers.js';

// The web configuration file of Prometheus's exporter-toolkit (`--web.config.file`), the same format postgres_exporter
// and node_exporter read, so one file serves all of them. Paths in it are relative to the file's own directory.

export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

export const TLS_VERSIONS: Record<string, SecureVersion> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};
const tlsVersion = z.enum(Object.keys(TLS_VERSIONS) as [string, ...string[]]);

const tlsSchema = z.strictObject({
  cert: z.string().optional(),
  key: z.string().optional(),
  client_ca: z.string().optional(),
  cert_file: z.string().optional(),
  key_file: z.string().optional(),
  client_ca_file: z.string().optional(),
  client_auth_type: z.enum(CLIENT_AUTH_TYPES).default('NoClientCert'),
  client_allowed_sans: z.array(z.string()).optional(),
  min_version: tlsVersion.default('TLS12'),
  max_version: tlsVersion.default('TLS13'),
  cipher_suites: z.array(z.string()).optional(),
  prefer_server_cipher_suites: z.boolean().optional(),
  curve_preferences: z.array(z.string()).optional(),
});

const webConfigSchema = z.strictObject({
  tls_server_config: tlsSchema.optional(),
  http_server_config: z
    .strictObject({ http2: z.boolean().optional(), headers: z.record(z.string(), z.string()).default({}) })
    .optional(),
  basic_auth_users: z.record(z.string(), z.string()).nullish(),
  rate_limit: z.strictObject({ interval: z.string().optional(), burst: z.number().int().optional() }).optional(),
});

export type TlsSpec = z.output<typeof tlsSchema>;

// $2a$/$2b$/$2y$, a two-digit cost, 22 characters of salt and 31 of hash.
const BCRYPT_HASH = /^\$2[aby]?\$\d{2}\$[./A-Za-z0-9]{53}$/;

/** A validated web configuration, with certificate files already read. */
export interface WebConfig {
  readonly file: string | undefined;
  readonly tls: TlsSettings | undefined;
  /** username → bcrypt hash; empty: no authentication. */
  readonly users: ReadonlyMap<string, string>;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Settings accepted but not applied (cipher suites, ...), one line each, for the log. */
  readonly warnings: readonly string[];
}

export interface TlsSettings {
  readonly cert: string;
  readonly key: string;
  readonly ca: string | undefined;
  readonly clientAuth: ClientAuthType;
  readonly minVersion: SecureVersion;
  readonly maxVersion: SecureVersion;
}

export const NO_WEB_CONFIG: WebConfig = Object.freeze({
  file: undefined,
  tls: undefined,
  users: new Map(),
  headers: [],
  warnings: [],
});

function tlsProblems(source: YamlSource, tls: TlsSpec): string[] {
  const at = (key: string, message: string) => locatedProblem(source, ['tls_server_config', key], message);
  const problems: string[] = [];
  const pairs: Array<[string, string, string | undefined, string | undefined]> = [
    ['cert', 'cert_file', tls.cert, tls.cert_file],
    ['key', 'key_file', tls.key, tls.key_file],
    ['client_ca', 'client_ca_file', tls.client_ca, tls.client_ca_file],
  ];
  for (const [inline, file, a, b] of pairs) {
    if (a !== undefined && b !== undefined) problems.push(at(file, `give either ${inline} or ${file}, not both`));
    if (inline !== 'client_ca' && !a && !b) {
      problems.push(locatedProblem(source, ['tls_server_config'], `missing ${file} (or ${inline})`));
    }
  }
  const hasCa = Boolean(tls.client_ca ?? tls.client_ca_file);
  const verifies = tls.client_auth_type.includes('Verify');
  if (verifies && !hasCa) problems.push(at('client_auth_type', `${tls.client_auth_type} needs client_ca_file`));
  if (!verifies && hasCa) {
    problems.push(at('client_ca_file', `a client CA needs client_auth_type RequireAndVerifyClientCert`));
  }
  if (tls.client_allowed_sans) {
    problems.push(at('client_allowed_sans', 'not supported by pgwarden: use a client CA that issues only to scrapers'));
  }
  if (tls.min_version > tls.max_version) problems.push(at('min_version', 'is above max_version'));
  return problems;
}

function ignoredSettings(raw: Record<string, unknown>, tls: TlsSpec | undefined): string[] {
  const warnings: string[] = [];
  for (const key of ['cipher_suites', 'prefer_server_cipher_suites', 'curve_preferences'] as const) {
    if (tls?.[key] !== undefined) warnings.push(`tls_server_config.${key} is ignored: Node.js's defaults apply`);
  }
  const http = raw.http_server_config as Record<string, unknown> | undefined;
  if (http?.http2 !== undefined) warnings.push('http_server_config.http2 is ignored: pgwarden serves HTTP/1.1');
  if (raw.rate_limit !== undefined) warnings.push('rate_limit is ignored by pgwarden');
  return warnings;
}

export interface ParsedWebConfig {
  readonly problems: string[];
  readonly warnings: string[];
  readonly users: Map<string, string>;
  readonly headers: Array<[string, string]>;
  readonly tls: TlsSpec | undefined;
}

/** Validates a web config document: every problem at once, located, never echoing a password hash. Pure. */
export function parseWebConfig(source: YamlSource): ParsedWebConfig {
  const empty = { warnings: [], users: new Map(), headers: [], tls: undefined };
  if (source.syntaxErrors.length) return { ...empty, problems: source.syntaxErrors };
  const parsed = webConfigSchema.safeParse(source.value ?? {});
  if (!parsed.success) return { ...empty, problems: zodProblems(source, parsed.error) };
  const spec = parsed.data;
  const problems: string[] = [];
  const users = new Map<string, string>();
  for (const [user, hash] of Object.entries(spec.basic_auth_users ?? {})) {
    const where = ['basic_auth_users', user];
    if (user.includes(':')) problems.push(locatedProblem(source, where, 'a user name cannot contain ":"', true));
    else if (!BCRYPT_HASH.test(hash)) problems.push(locatedProblem(source, where, 'not a bcrypt hash'));
    else users.set(user, hash);
  }
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(spec.http_server_config?.headers ?? {})) {
    const check = checkConfiguredHeader(name, value);
    if (check.ok) headers.push([check.name, value]);
    else problems.push(locatedProblem(source, ['http_server_config', 'headers', name], check.message, true));
  }
  if (spec.tls_server_config) problems.push(...tlsProblems(source, spec.tls_server_config));
  const warnings = ignoredSettings((source.value ?? {}) as Record<string, unknown>, spec.tls_server_config);
  return { problems, warnings, users, headers, tls: spec.tls_server_config };
}
