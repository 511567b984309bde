// Alertmanager's API v2 silence endpoints, for mounting under the agent's HTTP server:
// POST /api/v2/silences, GET /api/v2/silences, GET /api/v2/silence/:id, DELETE /api/v2/silence/:id
// (DELETE /api/v2/silences/:id is accepted too).
import { Router, json } from 'express';
import type { Notifier } from '../notify/notifier.js';
import { SilenceRefused } from '../notify/silence-store.js';
import { MAX_BODY_BYTES } from './request-limits.js';

/** The routes over the running notifier (read per request: a reload may replace it); 404 without one. */
export function silencesRouter(current: () => Notifier | undefined): Router {
  const router = Router();
  router.use(['/api/v2/silences', '/api/v2/silence'], (_req, res, next) => {
    if (current()) next();
    else res.status(404).json({ code: 404, message: 'notifications are not configured (alerting:)' });
  });
  const notifier = {
    createSilence: (body: unknown) => (current() as Notifier).createSilence(body),
    listSilences: () => (current() as Notifier).listSilences(),
    getSilence: (id: string) => (current() as Notifier).getSilence(id),
    expireSilence: (id: string) => (current() as Notifier).expireSilence(id),
  };
  router.post('/api/v2/silences', json({ limit: MAX_BODY_BYTES }), async (req, res) => {
    try {
      res.json(await notifier.createSilence(req.body));
    } catch (error) {
      const message = (error as Error).message;
      const status = error instanceof SilenceRefused ? error.status : /not found/.test(message) ? 404 : 400;
      res.status(status).json(message);
    }
  });
  router.get('/api/v2/silences', (_req, res) => {
    res.json(notifier.listSilences());
  });
  router.get(['/api/v2/silence/:id', '/api/v2/silences/:id'], (req, res) => {
    const silence = notifier.getSilence(String(req.params.id));
    if (silence) res.json(silence);
    else res.status(404).json(`silence ${req.params.id} not found`);
  });
  router.delete(['/api/v2/silence/:id', '/api/v2/silences/:id'], async (req, res) => {
    try {
      if (await notifier.expireSilence(String(req.params.id))) res.status(200).end();
      else res.status(404).json(`silence ${req.params.id} not found`);
    } catch (error) {
      res.status(error instanceof SilenceRefused ? error.status : 500).json((error as Error).message);
    }
  });
  return router;
}
