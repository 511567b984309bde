// `alerting.heartbeat:` — a URL called at an interval while the agent is healthy (healthchecks.io, Dead Man's Snitch,
// Cronitor, an uptime monitor's push URL), so an outside service pages when the agent, its host or its collection
// dies. Not Alertmanager syntax: pgwarden's own addition.
import { z } from 'zod';
import { parseDuration } from '../config/duration.js';
import { httpClientConfigSchema } from '../http-client/config.js';

const duration = z.string().refine((text) => (parseDuration(text.trim()) ?? 0) > 0, {
  message: 'invalid duration (expected e.g. 30s, 1m)',
});

export const heartbeatSchema = z
  .object({
    /** The URL to call (a secret: healthchecks.io's URL is the check's only credential). */
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    url_file: z.string().optional(),
    interval: duration.default('1m'),
    method: z.enum(['GET', 'POST', 'HEAD']).default('GET'),
    timeout: duration.default('10s'),
    /** false (default): one target collected successfully is enough; true: every target must be. */
    require_all_targets: z.boolean().default(false),
    /** A notification pending longer than this means the outbox is stuck (a receiver refuses everything). */
    outbox_max_age: duration.default('15m'),
    /** Prometheus's http_config (TLS, proxy, authentication) for the heartbeat's requests: src/http-client/. */
    http_config: httpClientConfigSchema.optional(),
  })
  .strict()
  .refine((h) => (h.url === undefined) !== (h.url_file === undefined), {
    message: 'set exactly one of url and url_file',
  });

export type HeartbeatConfig = z.output<typeof heartbeatSchema>;
