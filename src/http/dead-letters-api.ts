// The dead-letter endpoints (documented in docs/notifications.md):
//   GET  /api/v1/notifications/dead-letters             → { status: 'success', data: DeadLetterView[] }
//   POST /api/v1/notifications/dead-letters/{id}/retry  → { status: 'success', data: { id } }; sent again now
//   POST /api/v1/notifications/dead-letters/{id}/drop   → { status: 'success', data: { id } }; forgotten
// Unknown id: 404 { status: 'error', error }. A POST from another site's page (its Origin is not this host): 403.
import { Router, type Request, type Response } from 'express';
import { crossOriginRefusal } from './request-limits.js';
import type { Notifier } from '../notify/notifier.js';

/** `current` is read per request: a reload of `alerting:` replaces the notifier. */
export function deadLettersRouter(current: () => Notifier | undefined): Router {
  const router = Router();
  const base = '/api/v1/notifications/dead-letters';
  router.use(base, (_req, res, next) => {
    if (current()) next();
    else res.status(404).json({ status: 'error', error: 'notifications are not configured (alerting:)' });
  });
  const notifier = {
    retryDeadLetter: (id: string) => (current() as Notifier).retryDeadLetter(id),
    dropDeadLetter: (id: string) => (current() as Notifier).dropDeadLetter(id),
  };
  router.get(base, (_req, res) => {
    res.json({ status: 'success', data: (current() as Notifier).deadLetterViews() });
  });
  const act = (action: (id: string) => Promise<boolean>) => async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const refusal = crossOriginRefusal(req.method, req.headers);
    if (refusal !== undefined) {
      res.status(403).json({ status: 'error', error: refusal });
      return;
    }
    if (await action(id)) res.json({ status: 'success', data: { id } });
    else res.status(404).json({ status: 'error', error: `dead letter ${id} not found` });
  };
  router.post(
    `${base}/:id/retry`,
    act((id) => notifier.retryDeadLetter(id)),
  );
  router.post(
    `${base}/:id/drop`,
    act((id) => notifier.dropDeadLetter(id)),
  );
  return router;
}
