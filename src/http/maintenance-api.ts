// Maintenance mode per target and the time intervals' state (documented in docs/notifications.md):
//   POST   /api/v1/targets/{name}/maintenance  {duration, comment?, createdBy?} → {status, data: {silenceID, endsAt}}
//   DELETE /api/v1/targets/{name}/maintenance                                  → {status, data: {expired: [ids]}}
//   GET    /api/v1/notifications/time-intervals → {status, data: [{name, active, usedBy: [{route, receiver, as}]}]}
// Cross-origin POSTs and DELETEs are refused by the app-wide rule (src/http/request-limits.ts).
import { Router, json, type Response } from 'express';
import { MAX_BODY_BYTES } from './request-limits.js';
import { maintenanceSilence, openMaintenance } from '../notify/maintenance.js';
import type { Notifier } from '../notify/notifier.js';
import { SilenceRefused } from '../notify/silence-store.js';

const fail = (res: Response, status: number, error: string) => res.status(status).json({ status: 'error', error });

/** `current` and `targets` are read per request: a reload may replace the notifier and change the targets. */
export function maintenanceRouter(current: () => Notifier | undefined, targets: () => readonly string[]): Router {
  const router = Router();
  const path = '/api/v1/targets/:name/maintenance';
  router.use([path, '/api/v1/notifications/time-intervals'], (req, res, next) => {
    if (!current()) fail(res, 404, 'notifications are not configured (alerting:)');
    else if (req.params.name !== undefined && !targets().includes(String(req.params.name)))
      fail(res, 404, `target ${String(req.params.name).slice(0, 200)} not found`);
    else next();
  });
  router.post(path, json({ limit: MAX_BODY_BYTES }), async (req, res) => {
    const notifier = current() as Notifier;
    const target = String(req.params.name);
    let silence;
    try {
      silence = maintenanceSilence(target, req.body, Date.now());
    } catch (error) {
      fail(res, 400, (error as Error).message);
      return;
    }
    try {
      const { silenceID } = await notifier.createSilence(silence);
      res.json({ status: 'success', data: { silenceID, target, endsAt: silence.endsAt } });
    } catch (error) {
      fail(res, error instanceof SilenceRefused ? error.status : 400, (error as Error).message);
    }
  });
  router.delete(path, async (req, res) => {
    const notifier = current() as Notifier;
    const open = openMaintenance(notifier.listSilences(), String(req.params.name));
    if (open.length === 0) {
      fail(res, 404, `target ${String(req.params.name)} is not in maintenance`);
      return;
    }
    try {
      for (const silence of open) await notifier.expireSilence(silence.id);
      res.json({ status: 'success', data: { expired: open.map((s) => s.id) } });
    } catch (error) {
      fail(res, error instanceof SilenceRefused ? error.status : 500, (error as Error).message);
    }
  });
  router.get('/api/v1/notifications/time-intervals', (_req, res) => {
    res.json({ status: 'success', data: (current() as Notifier).timeIntervalStatus() });
  });
  return router;
}
