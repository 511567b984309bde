// Cross-field checks of the alerting config: receivers referenced by routes exist, each integration has what it
// needs, secrets are given once, and message templates are renderable. Issues carry the config path.
import type { z } from 'zod';
import type { AlertingConfig, ReceiverConfig, RouteConfig } from './config.js';
import { checkTemplate } from './message/template.js';
import { templatedFields } from './templates/fields.js';
import { checkTimeIntervals } from './time-interval-checks.js';
import { checkMoreReceivers } from './receiver-checks.js';
import { checkDeliveryMode } from './delivery-mode.js';

type Ctx = z.RefinementCtx;

export function checkReferences(config: z.output<z.ZodObject>, ctx: Ctx): void {
  const cfg = config as unknown as AlertingConfig;
  const names = new Set<string>();
  cfg.receivers.forEach((receiver, index) => {
    if (names.has(receiver.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['receivers', index, 'name'],
        message: `duplicate receiver "${receiver.name}"`,
      });
    }
    names.add(receiver.name);
    checkReceiver(cfg, receiver, index, ctx);
    checkMoreReceivers(cfg, receiver, index, ctx);
  });
  if (cfg.route) {
    if (!cfg.route.receiver)
      ctx.addIssue({ code: 'custom', path: ['route', 'receiver'], message: 'the root route needs a receiver' });
    if (cfg.route.matchers?.length || cfg.route.match || cfg.route.match_re) {
      ctx.addIssue({ code: 'custom', path: ['route'], message: 'the root route must not have matchers' });
    }
    checkRouteReceivers(cfg.route, ['route'], names, ctx);
  } else if (cfg.receivers.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['route'], message: 'receivers are configured but no route sends to them' });
  }
  checkTimeIntervals(cfg, ctx);
  checkDeliveryMode(cfg, ctx);
}

function checkRouteReceivers(route: RouteConfig, path: (string | number)[], names: Set<string>, ctx: Ctx): void {
  if (route.receiver !== undefined && !names.has(route.receiver)) {
    ctx.addIssue({ code: 'custom', path: [...path, 'receiver'], message: `undefined receiver "${route.receiver}"` });
  }
  route.routes?.forEach((child, index) => checkRouteReceivers(child, [...path, 'routes', index], names, ctx));
}

function exclusive(value: unknown, file: unknown, path: (string | number)[], key: string, ctx: Ctx): boolean {
  if (value !== undefined && file !== undefined) {
    ctx.addIssue({ code: 'custom', path, message: `at most one of ${key} and ${key}_file may be set` });
  }
  return value !== undefined || file !== undefined;
}

function checkReceiver(cfg: AlertingConfig, receiver: ReceiverConfig, index: number, ctx: Ctx): void {
  for (const [path, text] of templatedFields(receiver)) {
    try {
      checkTemplate(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['receivers', index, ...path], message: (error as Error).message });
    }
  }
  const g = cfg.global ?? {};
  exclusive(g.smtp_auth_password, g.smtp_auth_password_file, ['global'], 'smtp_auth_password', ctx);
  const globalSlack = exclusive(g.slack_api_url, g.slack_api_url_file, ['global'], 'slack_api_url', ctx);
  receiver.email_configs?.forEach((email, i) => {
    const path = ['receivers', index, 'email_configs', i];
    exclusive(email.auth_password, email.auth_password_file, path, 'auth_password', ctx);
    if (!email.from && !g.smtp_from)
      ctx.addIssue({ code: 'custom', path, message: 'no from address (set from or global.smtp_from)' });
    if (!email.smarthost && !g.smtp_smarthost) {
      ctx.addIssue({ code: 'custom', path, message: 'no smarthost (set smarthost or global.smtp_smarthost)' });
    }
  });
  receiver.slack_configs?.forEach((slack, i) => {
    const path = ['receivers', index, 'slack_configs', i];
    if (!exclusive(slack.api_url, slack.api_url_file, path, 'api_url', ctx) && !globalSlack) {
      ctx.addIssue({ code: 'custom', path, message: 'no api_url (set api_url, api_url_file or global.slack_api_url)' });
    }
  });
  receiver.webhook_configs?.forEach((hook, i) => {
    const path = ['receivers', index, 'webhook_configs', i];
    if (!exclusive(hook.url, hook.url_file, path, 'url', ctx))
      ctx.addIssue({ code: 'custom', path, message: 'url or url_file is required' });
  });
}
