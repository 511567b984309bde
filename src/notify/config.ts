// The `alerting:` section of the pgwarden config, in Alertmanager's own syntax so users can paste what they have.
// Durations and matchers stay strings here (validated, not transformed) so a parsed config prints back as written.
import { z } from 'zod';
import { parseDurationMs } from './duration.js';
import { makeMatcher, parseMatchers } from './matcher.js';
import { checkReferences } from './config-checks.js';
import { namedTimeIntervalSchema } from './time-interval-config.js';
import { httpConfigSchema, moreGlobalSchemas, moreReceiverSchemas } from './receiver-configs.js';
import { DELIVERY_MODES, expandDeliveryShorthand } from './delivery-mode.js';
import { heartbeatSchema } from '../watchdog/heartbeat-config.js';
import { flapDetectionSchema } from '../flap/config.js';

function valid(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

const duration = z.string().refine((text) => valid(() => parseDurationMs(text)), {
  message: 'invalid duration (expected e.g. 30s, 5m, 1h30m)',
});
const matcherList = z.array(
  z.string().superRefine((text, ctx) => {
    try {
      parseMatchers([text]);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
);
const labelMap = z.record(z.string(), z.string());
const regexMap = z.record(
  z.string(),
  z.string().refine((re) => valid(() => makeMatcher('x', '=~', re)), { message: 'invalid regex' }),
);

export interface RouteConfig {
  receiver?: string | undefined;
  group_by?: string[] | undefined;
  group_wait?: string | undefined;
  group_interval?: string | undefined;
  repeat_interval?: string | undefined;
  matchers?: string[] | undefined;
  match?: Record<string, string> | undefined;
  match_re?: Record<string, string> | undefined;
  continue?: boolean | undefined;
  mute_time_intervals?: string[] | undefined;
  active_time_intervals?: string[] | undefined;
  routes?: RouteConfig[] | undefined;
}

export const routeSchema: z.ZodType<RouteConfig> = z.lazy(() =>
  z
    .object({
      receiver: z.string().min(1).optional(),
      group_by: z.array(z.string()).optional(),
      group_wait: duration.optional(),
      group_interval: duration.optional(),
      repeat_interval: duration.optional(),
      matchers: matcherList.optional(),
      match: labelMap.optional(),
      match_re: regexMap.optional(),
      continue: z.boolean().optional(),
      mute_time_intervals: z.array(z.string()).optional(),
      active_time_intervals: z.array(z.string()).optional(),
      routes: z.array(routeSchema).optional(),
    })
    .strict(),
);

const tlsConfigSchema = z
  .object({
    ca_file: z.string().optional(),
    cert_file: z.string().optional(),
    key_file: z.string().optional(),
    server_name: z.string().optional(),
    insecure_skip_verify: z.boolean().optional(),
    min_version: z.enum(['TLS10', 'TLS11', 'TLS12', 'TLS13']).optional(),
  })
  .strict();

const emailConfigSchema = z
  .object({
    send_resolved: z.boolean().default(false),
    to: z.string().min(1),
    from: z.string().optional(),
    smarthost: z.string().optional(),
    hello: z.string().optional(),
    auth_username: z.string().optional(),
    auth_password: z.string().optional(),
    auth_password_file: z.string().optional(),
    require_tls: z.boolean().optional(),
    tls_config: tlsConfigSchema.optional(),
    headers: labelMap.optional(),
    html: z.string().optional(),
    text: z.string().optional(),
  })
  .strict();

const slackFieldSchema = z
  .object({ title: z.string().min(1), value: z.string().min(1), short: z.boolean().optional() })
  .strict();
const slackActionSchema = z
  .object({
    type: z.string().min(1),
    text: z.string().min(1),
    url: z.string().optional(),
    style: z.string().optional(),
    name: z.string().optional(),
    value: z.string().optional(),
    confirm: z
      .object({
        text: z.string().min(1),
        title: z.string().optional(),
        ok_text: z.string().optional(),
        dismiss_text: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((action) => action.url || action.name, { message: 'missing name or url in Slack action configuration' });

const slackConfigSchema = z
  .object({
    send_resolved: z.boolean().default(false),
    api_url: z.url().optional(),
    api_url_file: z.string().optional(),
    channel: z.string().optional(),
    username: z.string().optional(),
    icon_emoji: z.string().optional(),
    icon_url: z.string().optional(),
    title: z.string().optional(),
    title_link: z.string().optional(),
    text: z.string().optional(),
    color: z.string().optional(),
    pretext: z.string().optional(),
    fallback: z.string().optional(),
    footer: z.string().optional(),
    callback_id: z.string().optional(),
    image_url: z.string().optional(),
    thumb_url: z.string().optional(),
    fields: z.array(slackFieldSchema).optional(),
    short_fields: z.boolean().default(false),
    actions: z.array(slackActionSchema).optional(),
    link_names: z.boolean().default(false),
    mrkdwn_in: z.array(z.string()).optional(),
    http_config: httpConfigSchema.optional(),
  })
  .strict();

const webhookConfigSchema = z
  .object({
    send_resolved: z.boolean().default(true),
    url: z.url().optional(),
    url_file: z.string().optional(),
    max_alerts: z.number().int().min(0).default(0),
    http_config: httpConfigSchema.optional(),
  })
  .strict();

const receiverSchema = z
  .object({
    name: z.string().min(1),
    email_configs: z.array(emailConfigSchema).optional(),
    slack_configs: z.array(slackConfigSchema).optional(),
    webhook_configs: z.array(webhookConfigSchema).optional(),
    ...moreReceiverSchemas,
  })
  .strict();

const inhibitRuleSchema = z
  .object({
    source_matchers: matcherList.optional(),
    target_matchers: matcherList.optional(),
    source_match: labelMap.optional(),
    source_match_re: regexMap.optional(),
    target_match: labelMap.optional(),
    target_match_re: regexMap.optional(),
    equal: z.array(z.string()).default([]),
  })
  .strict();

const globalSchema = z
  .object({
    resolve_timeout: duration.optional(),
    smtp_from: z.string().optional(),
    smtp_smarthost: z.string().optional(),
    smtp_hello: z.string().optional(),
    smtp_auth_username: z.string().optional(),
    smtp_auth_password: z.string().optional(),
    smtp_auth_password_file: z.string().optional(),
    smtp_require_tls: z.boolean().optional(),
    slack_api_url: z.url().optional(),
    slack_api_url_file: z.string().optional(),
    ...moreGlobalSchemas,
  })
  .strict();

/** pgwarden's own delivery tuning (not Alertmanager syntax); the defaults suit production, tests shorten them. */
const deliverySchema = z
  .object(
    {
      /** `alertmanager_only`: forward to `alertmanagers` and notify nothing directly (the HA setup). */
      mode: z.enum(DELIVERY_MODES).default('direct'),
      initial_backoff: duration.default('1s'),
      max_backoff: duration.default('5m'),
      probe_interval: duration.default('5s'),
      send_timeout: duration.default('30s'),
      slack_min_interval: duration.default('1s'),
      alertmanager_resend: duration.default('1m'),
      /** Pushover's API (Alertmanager has no setting for it): for a proxy, or a loopback receiver in tests. */
      pushover_api_url: z.url({ protocol: /^https?$/ }).default('https://api.pushover.net/1/messages.json'),
    },
    { error: 'expected alertmanager_only or a map of delivery settings' },
  )
  .strict();

export const alertingConfigSchema = z
  .object({
    external_url: z.url().optional(),
    /** Alertmanager's `templates:` globs of files with `{{ define }}`s, relative to the config file. */
    templates: z.array(z.string().min(1)).default([]),
    global: globalSchema.optional(),
    route: routeSchema.optional(),
    receivers: z.array(receiverSchema).default([]),
    inhibit_rules: z.array(inhibitRuleSchema).default([]),
    time_intervals: z.array(namedTimeIntervalSchema).default([]),
    /** Alertmanager's older spelling of `time_intervals`; both may be used. */
    mute_time_intervals: z.array(namedTimeIntervalSchema).default([]),
    /** pgwarden addition: a firing PostgresDown mutes the other alerts of the same instance. */
    builtin_inhibit_rules: z.boolean().default(true),
    alertmanagers: z
      .array(
        z.url({
          protocol: /^https?$/,
          error: 'must be an http:// or https:// URL (e.g. http://user:password@alertmanager:9093)',
        }),
      )
      .default([]),
    /** pgwarden addition: a URL called while the agent is healthy (docs/notifications.md, "Heartbeat"). */
    heartbeat: heartbeatSchema.optional(),
    /** pgwarden addition: flap control (docs/notifications.md, "Flapping alerts"). */
    flap_detection: flapDetectionSchema.optional(),
    delivery: z.preprocess(
      expandDeliveryShorthand,
      deliverySchema.default({
        mode: 'direct',
        initial_backoff: '1s',
        max_backoff: '5m',
        probe_interval: '5s',
        send_timeout: '30s',
        slack_min_interval: '1s',
        alertmanager_resend: '1m',
        pushover_api_url: 'https://api.pushover.net/1/messages.json',
      }),
    ),
  })
  .strict()
  .superRefine(checkReferences);

export type AlertingConfig = z.output<typeof alertingConfigSchema>;
export type AlertingConfigInput = z.input<typeof alertingConfigSchema>;
export type ReceiverConfig = AlertingConfig['receivers'][number];
export type EmailConfig = NonNullable<ReceiverConfig['email_configs']>[number];
export type SlackConfig = NonNullable<ReceiverConfig['slack_configs']>[number];
export type WebhookConfig = NonNullable<ReceiverConfig['webhook_configs']>[number];
export type InhibitRuleConfig = AlertingConfig['inhibit_rules'][number];
export type GlobalConfig = NonNullable<AlertingConfig['global']>;
