// Cross-field checks of the receivers in receiver-configs.ts, with Alertmanager's rules: each secret given once (as
// `x` or `x_file`), the required ones present (or in `global:`), every text field a template that parses.
import type { z } from 'zod';
import type { AlertingConfig, ReceiverConfig } from './config.js';
import { checkTemplate } from './message/template.js';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];
type Obj = Record<string, unknown>;

/** Whether `key` or `key_file` is set; an issue when both are. */
function given(obj: Obj, key: string, path: Path, ctx: Ctx): boolean {
  const value = obj[key] !== undefined;
  const file = obj[`${key}_file`] !== undefined;
  if (value && file)
    ctx.addIssue({ code: 'custom', path, message: `at most one of ${key} and ${key}_file may be set` });
  return value || file;
}

function required(obj: Obj, key: string, path: Path, ctx: Ctx, fallback = false, hint = ''): void {
  if (!given(obj, key, path, ctx) && !fallback)
    ctx.addIssue({ code: 'custom', path, message: `missing ${key} (set ${key} or ${key}_file${hint})` });
}

function templates(obj: Obj, keys: readonly string[], path: Path, ctx: Ctx): void {
  for (const key of keys) {
    const value = obj[key];
    const texts =
      typeof value === 'string'
        ? [value]
        : value && typeof value === 'object'
          ? Object.values(value).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v as Obj)))
          : [];
    for (const text of texts) {
      try {
        checkTemplate(String(text));
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: [...path, key], message: (error as Error).message });
      }
    }
  }
}

/** Text fields per integration: each is a Go template over the notification data. */
const TEXT_FIELDS = {
  pagerduty_configs: [
    'client',
    'client_url',
    'description',
    'details',
    'images',
    'links',
    'source',
    'severity',
    'class',
    'component',
    'group',
  ],
  opsgenie_configs: ['message', 'description', 'source', 'details', 'entity', 'responders', 'actions', 'tags', 'note'],
  telegram_configs: ['message'],
  discord_configs: ['title', 'message'],
  webex_configs: ['message'],
  msteams_configs: ['title', 'summary', 'text'],
  pushover_configs: ['title', 'message', 'url', 'url_title', 'sound', 'priority'],
} as const;

export function checkMoreReceivers(cfg: AlertingConfig, receiver: ReceiverConfig, index: number, ctx: Ctx): void {
  const g = (cfg.global ?? {}) as Obj;
  const globalOpsgenieKey = given(g, 'opsgenie_api_key', ['global'], ctx);
  for (const [kind, fields] of Object.entries(TEXT_FIELDS)) {
    const list = (receiver as Obj)[kind] as Obj[] | undefined;
    list?.forEach((config, i) => {
      const path = ['receivers', index, kind, i];
      templates(config, fields, path, ctx);
      // http_config's own pairs (credentials/credentials_file, ...) are checked by its schema (src/http-client/).
      const auth = (config['http_config'] as Obj | undefined)?.['authorization'] as Obj | undefined;
      switch (kind) {
        case 'pagerduty_configs':
          if (!given(config, 'routing_key', path, ctx) && !given(config, 'service_key', path, ctx))
            ctx.addIssue({ code: 'custom', path, message: 'missing routing_key (or service_key) in PagerDuty config' });
          break;
        case 'opsgenie_configs':
          required(config, 'api_key', path, ctx, globalOpsgenieKey, ' or global.opsgenie_api_key');
          break;
        case 'telegram_configs':
          required(config, 'bot_token', path, ctx);
          break;
        case 'discord_configs':
        case 'msteams_configs':
          required(config, 'webhook_url', path, ctx);
          break;
        case 'webex_configs':
          if (auth && auth['credentials'] === undefined && auth['credentials_file'] === undefined)
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'http_config', 'authorization'],
              message: 'missing credentials (set credentials or credentials_file)',
            });
          break;
        case 'pushover_configs':
          required(config, 'user_key', path, ctx);
          required(config, 'token', path, ctx);
          break;
      }
    });
  }
}
