// The top-level `remote_write:` section, in Prometheus's own keys (remote_write's url, headers, write_relabel_configs,
// queue_config, and its inlined http_config: basic_auth, authorization, oauth2, tls_config, proxy_url, ...), so a
// user's Prometheus snippet pastes in unchanged.
import { z } from 'zod';
import { duration } from '../config/schema.js';
import { checkHttpClientConfig, httpClientShape } from '../http-client/config.js';

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'not a valid label name');

export const RELABEL_ACTIONS = [
  'replace',
  'keep',
  'drop',
  'keepequal',
  'dropequal',
  'hashmod',
  'labelmap',
  'labeldrop',
  'labelkeep',
  'lowercase',
  'uppercase',
] as const;

export const relabelConfigSchema = z
  .strictObject({
    source_labels: z.array(labelName).default([]),
    separator: z.string().default(';'),
    regex: z.string().default('(.*)'),
    modulus: z.number().int().min(1).optional(),
    target_label: z.string().optional(),
    replacement: z.string().default('$1'),
    action: z.enum(RELABEL_ACTIONS).default('replace'),
  })
  .superRefine((c, ctx) => {
    const needsTarget = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];
    if (needsTarget.includes(c.action) && !c.target_label) {
      ctx.addIssue({
        code: 'custom',
        path: ['target_label'],
        message: `relabel action ${c.action} needs target_label`,
      });
    }
    if (c.action === 'hashmod' && c.modulus === undefined) {
      ctx.addIssue({ code: 'custom', path: ['modulus'], message: 'relabel action hashmod needs modulus' });
    }
  });

/** Headers Prometheus's remote_write refuses in `headers` (config.go reservedHeaders): the protocol's and auth's. */
const RESERVED_HEADERS = new Set(
  [
    'Authorization',
    'Host',
    'Content-Encoding',
    'Content-Length',
    'Content-Type',
    'User-Agent',
    'Connection',
    'Keep-Alive',
    'Proxy-Authenticate',
    'Proxy-Authorization',
    'Www-Authenticate',
    'Accept-Encoding',
    'X-Prometheus-Remote-Write-Version',
    'X-Prometheus-Remote-Read-Version',
  ].map((h) => h.toLowerCase()),
);

/** Prometheus's remote_write authentications pgwarden does not implement: refused by name, never ignored. */
const UNSUPPORTED_AUTH = ['sigv4', 'azuread', 'google_iam'] as const;
const unsupported = Object.fromEntries(
  UNSUPPORTED_AUTH.map((key) => [
    key,
    z
      .unknown()
      .refine((v) => v === undefined, {
        message: `${key} is not supported by pgwarden's remote_write (use basic_auth, authorization, oauth2 or tls_config)`,
      })
      .optional(),
  ]),
);

const queueSchema = z
  .strictObject({
    /** Samples in one request at most (Prometheus's default in 2.42: 500). */
    max_samples_per_send: z.number().int().min(1).max(100_000).default(500),
    /** How long a request waits to fill up before it goes out anyway. */
    batch_send_deadline: duration.default(5_000),
    min_backoff: duration.default(30),
    max_backoff: duration.default(5_000),
    retry_on_http_429: z.boolean().default(true),
    /** pgwarden's own: the disk queue's bound; the oldest samples beyond it are dropped and counted. */
    max_bytes: z
      .number()
      .int()
      .min(1 << 20)
      .default(256 * 1024 * 1024),
  })
  .default({
    max_samples_per_send: 500,
    batch_send_deadline: 5_000,
    min_backoff: 30,
    max_backoff: 5_000,
    retry_on_http_429: true,
    max_bytes: 256 * 1024 * 1024,
  });

export const remoteWriteEntrySchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only')
      .optional(),
    remote_timeout: duration.default(30_000),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .superRefine((headers, ctx) => {
        for (const name of Object.keys(headers))
          if (RESERVED_HEADERS.has(name.toLowerCase()))
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: `${name} is reserved (set authentication with basic_auth, authorization or oauth2)`,
            });
      }),
    // Prometheus inlines its http_config here: authentication, tls_config, proxy_url, oauth2, follow_redirects, ...
    ...httpClientShape,
    ...unsupported,
    write_relabel_configs: z.array(relabelConfigSchema).default([]),
    queue_config: queueSchema,
    /** The `job` label of every series sent (Prometheus sets it from the scrape job that would scrape the agent). */
    job: z.string().min(1).default('pgwarden'),
  })
  .superRefine((e, ctx) => checkHttpClientConfig(e, ctx));

export const remoteWriteConfigSchema = z.array(remoteWriteEntrySchema).default([]);

export type RemoteWriteEntry = z.output<typeof remoteWriteEntrySchema>;
export type RelabelConfig = z.output<typeof relabelConfigSchema>;
export type QueueConfig = RemoteWriteEntry['queue_config'];
