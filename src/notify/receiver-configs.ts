// The receivers teams use beside email, Slack and webhooks, in Alertmanager's syntax and with its defaults
// (config/notifiers.go of Alertmanager 0.25; msteams, `*_file` secrets of Telegram/Pushover/Discord/Teams: 0.27).
// Text fields stay optional here: absent means Alertmanager's default template for that field (message/am-text.ts).
import { z } from 'zod';
import { parseDurationMs } from './duration.js';
import { httpClientConfigSchema } from '../http-client/config.js';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** Prometheus's http_config (src/http-client/config.ts): authentication, TLS, proxy, redirects. */
export const httpConfigSchema = httpClientConfigSchema;

const durationText = z.string().refine(
  (text) => {
    try {
      parseDurationMs(text);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'invalid duration (expected e.g. 30s, 1m, 1h)' },
);

/** What every one of these integrations has: send_resolved (true by default, as Alertmanager), http_config. */
const notifierBase = { send_resolved: z.boolean().default(true), http_config: httpConfigSchema.optional() };

export const pagerdutyConfigSchema = z
  .object({
    ...notifierBase,
    routing_key: z.string().optional(),
    routing_key_file: z.string().optional(),
    service_key: z.string().optional(),
    service_key_file: z.string().optional(),
    url: httpUrl.optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
    description: z.string().optional(),
    details: z.record(z.string(), z.string()).optional(),
    images: z
      .array(z.object({ src: z.string().optional(), alt: z.string().optional(), href: z.string().optional() }).strict())
      .optional(),
    links: z.array(z.object({ href: z.string().optional(), text: z.string().optional() }).strict()).optional(),
    source: z.string().optional(),
    severity: z.string().optional(),
    class: z.string().optional(),
    component: z.string().optional(),
    group: z.string().optional(),
  })
  .strict();

const OPSGENIE_RESPONDER_TYPES = /^(team|teams|user|escalation|schedule)$/;

export const opsgenieConfigSchema = z
  .object({
    ...notifierBase,
    api_key: z.string().optional(),
    api_key_file: z.string().optional(),
    api_url: httpUrl.optional(),
    message: z.string().optional(),
    description: z.string().optional(),
    source: z.string().optional(),
    details: z.record(z.string(), z.string()).optional(),
    entity: z.string().optional(),
    responders: z
      .array(
        z
          .object({
            id: z.string().optional(),
            name: z.string().optional(),
            username: z.string().optional(),
            type: z.string().default(''),
          })
          .strict()
          .refine((r) => r.id || r.name || r.username, { message: 'a responder needs one of id, username or name' })
          // Checked in lower case but sent as written, as Alertmanager 0.25 does.
          .refine((r) => r.type.includes('{{') || OPSGENIE_RESPONDER_TYPES.test(r.type.toLowerCase()), {
            message: 'type must be one of team, teams, user, escalation, schedule',
          }),
      )
      .optional(),
    actions: z.string().optional(),
    tags: z.string().optional(),
    note: z.string().optional(),
    priority: z.string().optional(),
    update_alerts: z.boolean().default(false),
  })
  .strict();

export const telegramConfigSchema = z
  .object({
    ...notifierBase,
    api_url: httpUrl.optional(),
    bot_token: z.string().optional(),
    bot_token_file: z.string().optional(),
    chat_id: z
      .number()
      .int()
      .refine((id) => id !== 0, { message: 'missing chat_id' }),
    message: z.string().optional(),
    disable_notifications: z.boolean().default(false),
    parse_mode: z.enum(['', 'Markdown', 'MarkdownV2', 'HTML']).default('HTML'),
  })
  .strict();

export const discordConfigSchema = z
  .object({
    ...notifierBase,
    webhook_url: httpUrl.optional(),
    webhook_url_file: z.string().optional(),
    title: z.string().optional(),
    message: z.string().optional(),
  })
  .strict();

export const webexConfigSchema = z
  .object({
    send_resolved: z.boolean().default(true),
    http_config: httpConfigSchema.refine((h) => h.authorization !== undefined, {
      message: 'missing webex_configs.http_config.authorization',
    }),
    api_url: httpUrl.optional(),
    room_id: z.string().min(1, 'missing room_id'),
    message: z.string().optional(),
  })
  .strict();

export const msteamsConfigSchema = z
  .object({
    ...notifierBase,
    webhook_url: httpUrl.optional(),
    webhook_url_file: z.string().optional(),
    title: z.string().optional(),
    summary: z.string().optional(),
    text: z.string().optional(),
  })
  .strict();

export const pushoverConfigSchema = z
  .object({
    ...notifierBase,
    user_key: z.string().optional(),
    user_key_file: z.string().optional(),
    token: z.string().optional(),
    token_file: z.string().optional(),
    title: z.string().optional(),
    message: z.string().optional(),
    url: z.string().optional(),
    url_title: z.string().optional(),
    sound: z.string().optional(),
    priority: z.string().optional(),
    retry: durationText.default('1m'),
    expire: durationText.default('1h'),
    html: z.boolean().default(false),
  })
  .strict();

/** The receiver keys these integrations add (spread into the receiver schema). */
export const moreReceiverSchemas = {
  pagerduty_configs: z.array(pagerdutyConfigSchema).optional(),
  opsgenie_configs: z.array(opsgenieConfigSchema).optional(),
  telegram_configs: z.array(telegramConfigSchema).optional(),
  discord_configs: z.array(discordConfigSchema).optional(),
  webex_configs: z.array(webexConfigSchema).optional(),
  msteams_configs: z.array(msteamsConfigSchema).optional(),
  pushover_configs: z.array(pushoverConfigSchema).optional(),
};

/** The `global:` keys these integrations add; the API URLs default to Alertmanager's. */
export const moreGlobalSchemas = {
  pagerduty_url: httpUrl.optional(),
  opsgenie_api_url: httpUrl.optional(),
  opsgenie_api_key: z.string().optional(),
  opsgenie_api_key_file: z.string().optional(),
  telegram_api_url: httpUrl.optional(),
  webex_api_url: httpUrl.optional(),
  /** Alertmanager's default http_config of every receiver that has none of its own. */
  http_config: httpConfigSchema.optional(),
};

export const DEFAULT_API_URLS = {
  pagerduty: 'https://events.pagerduty.com/v2/enqueue',
  pagerdutyV1: 'https://events.pagerduty.com/generic/2010-04-15/create_event.json',
  opsgenie: 'https://api.opsgenie.com/',
  telegram: 'https://api.telegram.org',
  webex: 'https://webexapis.com/v1/messages',
  pushover: 'https://api.pushover.net/1/messages.json',
} as const;

export type HttpConfig = z.output<typeof httpConfigSchema>;
export type PagerdutyConfig = z.output<typeof pagerdutyConfigSchema>;
export type OpsgenieConfig = z.output<typeof opsgenieConfigSchema>;
export type TelegramConfig = z.output<typeof telegramConfigSchema>;
export type DiscordConfig = z.output<typeof discordConfigSchema>;
export type WebexConfig = z.output<typeof webexConfigSchema>;
export type MsteamsConfig = z.output<typeof msteamsConfigSchema>;
export type PushoverConfig = z.output<typeof pushoverConfigSchema>;
