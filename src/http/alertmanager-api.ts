// Alertmanager's API v2 read endpoints beside the silences, so `amtool alert query`, `amtool config show` and
// Grafana's Alertmanager data source work against the agent (shapes: Alertmanager's api/v2/openapi.yaml).
//   GET /api/v2/alerts  ?active&silenced&inhibited (booleans, default true), ?filter=<matcher> (repeatable),
//                       ?receiver=<regex>  → gettableAlerts
//   GET /api/v2/status  → alertmanagerStatus (cluster disabled, versionInfo, config.original, uptime)
import { Router, type Request } from 'express';
import { compileAnchoredRe2 } from '../promql/re2.js';
import { parseMatchers } from '../notify/matcher.js';
import type { Notifier } from '../notify/notifier.js';
import type { AlertsFilter } from '../notify/alerts-v2.js';

function flag(value: unknown): boolean {
  return value === undefined || String(value) !== 'false';
}

function alertsFilter(req: Request): AlertsFilter {
  const raw = req.query.filter;
  const filters = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).map(String);
  const receiver = typeof req.query.receiver === 'string' && req.query.receiver !== '' ? req.query.receiver : undefined;
  return {
    active: flag(req.query.active),
    silenced: flag(req.query.silenced),
    inhibited: flag(req.query.inhibited),
    matchers: parseMatchers(filters),
    receiver: receiver === undefined ? undefined : compileAnchoredRe2(receiver),
  };
}

/** `current` is read per request: a reload of `alerting:` replaces the notifier. */
export function alertmanagerApiRouter(current: () => Notifier | undefined, version: string): Router {
  const router = Router();
  router.use(['/api/v2/alerts', '/api/v2/status'], (_req, res, next) => {
    if (current()) next();
    else res.status(404).json({ code: 404, message: 'notifications are not configured (alerting:)' });
  });
  router.get('/api/v2/alerts', (req, res) => {
    let filter: AlertsFilter;
    try {
      filter = alertsFilter(req);
    } catch (error) {
      res.status(400).json((error as Error).message);
      return;
    }
    res.json((current() as Notifier).gettableAlerts(filter));
  });
  router.get('/api/v2/status', (_req, res) => {
    const notifier = current() as Notifier;
    res.json({
      cluster: { status: 'disabled', peers: [] },
      versionInfo: {
        version,
        branch: '',
        revision: '',
        buildUser: '',
        buildDate: '',
        goVersion: `pgwarden (node ${process.version})`,
      },
      config: { original: notifier.alertmanagerConfig() },
      uptime: notifier.startedAt.toISOString(),
    });
  });
  return router;
}
