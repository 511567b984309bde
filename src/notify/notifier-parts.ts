// What a Notifier is built from: its state read back from <state_dir>/notify/, its silences, receivers, route, and the
// delivery and forwarding it drives, each configured from the `alerting:` section.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SecretRegistry } from '../config/secrets.js';
import { HttpClients } from '../http-client/pool.js';
import { readStateFile } from '../durable-file.js';
import type { Logger } from '../log.js';
import type { AlertingConfig } from './config.js';
import { Delivery, type DeliveryOptions } from './delivery.js';
import { parseDurationMs } from './duration.js';
import { AlertmanagerForwarder } from './forward.js';
import { buildReceivers } from './integrations/build.js';
import type { Integration } from './integrations/integration.js';
import type { NotifyMetrics } from './metrics.js';
import { buildRoute, type Route } from './route.js';
import { assertSecretsResolved } from './secrets.js';
import { SilenceStore } from './silence-store.js';
import { emptyState, validNotifyState, type NotifyState } from './state.js';
import { TemplateRenderer } from './templates/render.js';
import { NotificationTemplates } from './templates/set.js';

export interface NotifierParts {
  readonly state: NotifyState;
  readonly silences: SilenceStore;
  readonly receivers: Map<string, Integration[]>;
  readonly route: Route | undefined;
  readonly secrets: SecretRegistry;
  /** The HTTP clients (one per http_config) every receiver and the forwarder send through; closed with the notifier. */
  readonly clients: HttpClients;
}

/** Reads the persisted state (an unusable file is set aside and logged) and builds the configured parts. */
export async function openNotifierParts(
  config: AlertingConfig,
  stateDir: string,
  logger: Logger,
  now: () => number,
): Promise<NotifierParts> {
  assertSecretsResolved(config);
  const dir = join(stateDir, 'notify');
  await mkdir(dir, { recursive: true });
  const stateRead = await readStateFile(join(dir, 'state.json'), validNotifyState);
  if (stateRead.problem !== undefined) {
    logger.error(
      { file: join(dir, 'state.json'), problem: stateRead.problem, kept_as: stateRead.keptAs },
      'notification state unusable: starting with an empty outbox and notification log',
    );
  }
  const silences = await SilenceStore.open(join(dir, 'silences.json'), now, logger);
  const secrets = new SecretRegistry();
  // `templates` are absolute files here (resolved against the config file's directory when it was loaded).
  const templates = new TemplateRenderer(NotificationTemplates.load(config.templates, '/'), logger);
  const clients = new HttpClients(secrets);
  return {
    state: stateRead.value ?? emptyState(),
    silences,
    receivers: buildReceivers(config, secrets, now, templates, clients),
    route: config.route ? buildRoute(config.route) : undefined,
    secrets,
    clients,
  };
}

type DeliveryHooks = Pick<
  DeliveryOptions,
  'state' | 'receivers' | 'externalUrl' | 'now' | 'random' | 'logger' | 'metrics' | 'secrets' | 'persist' | 'wake'
> &
  Partial<Pick<DeliveryOptions, 'recent'>>;

/** Direct delivery with the `delivery:` tuning (backoff, probe interval, send timeout). */
export function deliveryFor(config: AlertingConfig, hooks: DeliveryHooks): Delivery {
  return new Delivery({
    ...hooks,
    backoff: {
      initialMs: parseDurationMs(config.delivery.initial_backoff),
      maxMs: parseDurationMs(config.delivery.max_backoff),
    },
    probeIntervalMs: parseDurationMs(config.delivery.probe_interval),
    sendTimeoutMs: parseDurationMs(config.delivery.send_timeout),
  });
}

/** Forwarding to the configured `alertmanagers:` (resent every `alertmanager_resend`). */
export function forwarderFor(
  config: AlertingConfig,
  hooks: { now: () => number; logger: Logger; metrics: NotifyMetrics; secrets: SecretRegistry; clients: HttpClients },
): AlertmanagerForwarder {
  const { clients, ...rest } = hooks;
  return new AlertmanagerForwarder(config.alertmanagers, {
    ...rest,
    client: clients.for(undefined),
    resendMs: parseDurationMs(config.delivery.alertmanager_resend),
    timeoutMs: parseDurationMs(config.delivery.send_timeout),
  });
}
