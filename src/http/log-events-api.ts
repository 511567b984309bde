// GET /api/v1/log/events[?target=NAME][&limit=N]: the last warnings and errors of the followed server logs, masked
// (statements normalized, passwords never shown). JSON, so every value is escaped by the serializer.
import { Router } from 'express';
import type { ServerLogSources } from '../collect/serverlog/sources.js';

const MAX_LIMIT = 1000;

export function logEventsRouter(sources: ServerLogSources): Router {
  const router = Router();
  router.get('/api/v1/log/events', (req, res) => {
    const target = typeof req.query.target === 'string' && req.query.target !== '' ? req.query.target : undefined;
    const raw = typeof req.query.limit === 'string' ? Number(req.query.limit) : 100;
    if (!Number.isInteger(raw) || raw < 1) {
      res.status(400).json({ status: 'error', errorType: 'bad_data', error: 'limit must be a positive integer' });
      return;
    }
    if (target !== undefined && !sources.has(target)) {
      res
        .status(404)
        .json({ status: 'error', errorType: 'not_found', error: 'no server log is configured for this target' });
      return;
    }
    res.json({ status: 'success', data: { events: sources.events(target, Math.min(raw, MAX_LIMIT)) } });
  });
  return router;
}
