// Who sends the notifications: pgwarden itself (`direct`, the default) or only the Alertmanagers it forwards to
// (`alertmanager_only`). The latter is the HA setup: two agents with the same config both evaluate and forward to an
// Alertmanager cluster, which deduplicates; neither agent notifies, so a receiver hears each notification once.
import type { z } from 'zod';

export const DELIVERY_MODES = ['direct', 'alertmanager_only'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/**
 * `delivery: alertmanager_only` is the one-line spelling of `delivery: { mode: alertmanager_only }`; the object form
 * also takes the tuning (e.g. `alertmanager_resend`). Other values are left for the schema to reject.
 */
export function expandDeliveryShorthand(value: unknown): unknown {
  return typeof value === 'string' && (DELIVERY_MODES as readonly string[]).includes(value) ? { mode: value } : value;
}

/** What the mode check reads of the alerting config. */
export interface DeliveryModeConfig {
  readonly delivery: { readonly mode: DeliveryMode };
  readonly alertmanagers: readonly string[];
}

/** True when pgwarden sends notifications itself (routes, receivers, outbox); false when Alertmanager does. */
export function notifiesDirectly(config: DeliveryModeConfig): boolean {
  return config.delivery.mode === 'direct';
}

/** `alertmanager_only` with nowhere to forward would evaluate rules and tell no one: a config error. */
export function checkDeliveryMode(config: DeliveryModeConfig, ctx: z.RefinementCtx): void {
  if (notifiesDirectly(config) || config.alertmanagers.length > 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['alertmanagers'],
    message:
      'delivery is alertmanager_only, so notifications are sent only through Alertmanager, but alertmanagers is ' +
      'empty: list at least one Alertmanager URL (e.g. alertmanagers: [http://am1:9093, http://am2:9093])',
  });
}
