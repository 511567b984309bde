// Every endpoint over the rule engine and the notifier, mounted together: /api/v1/query, /rules, /alerts and
// /notifications (Prometheus's shapes), Alertmanager's v2 silences, alerts and status, and the dead letters.
import { Router } from 'express';
import type { Labels } from '../collect/model.js';
import type { FlappingAlert } from '../flap/filter.js';
import type { Notifier } from '../notify/index.js';
import type { SampleStore } from '../promql/index.js';
import type { RuleManager } from '../rules/index.js';
import { alertmanagerApiRouter } from './alertmanager-api.js';
import { deadLettersRouter } from './dead-letters-api.js';
import { queryRouter } from './query-api.js';
import { silencesRouter } from './silences-api.js';

/**
 * What the HTTP layer reads from the rule engine, and no more: the sample store, the rules, and the running notifier
 * (read per request: a reload of `alerting:` replaces it). The engine implements it; http/ does not import it.
 */
export interface AlertingState {
  readonly store: SampleStore;
  readonly rules: RuleManager;
  readonly notifier: Notifier | undefined;
  /** Flap control's view, for `"flapping": true` in /api/v1/alerts and the console. */
  readonly flaps: { isFlapping(labels: Labels): boolean; flapping(): readonly FlappingAlert[] };
}

export function alertingRouter(state: AlertingState, version: string, queryTimeoutMs?: number): Router {
  const notifier = () => state.notifier;
  return Router().use(
    queryRouter(state, queryTimeoutMs),
    silencesRouter(notifier),
    deadLettersRouter(notifier),
    alertmanagerApiRouter(notifier, version),
  );
}
