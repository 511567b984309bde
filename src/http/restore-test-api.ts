// POST /api/v1/backups/restore-test: restore drills on demand, answered when they finish with the document
// `pgwarden backups restore-test --json` prints. Guarded against cross-site requests: a JSON body only (a form or a
// simple cross-site request cannot send application/json without a CORS preflight, which we never grant), and the
// agent's one cross-origin rule (request-limits.ts), applied here too so the router is safe wherever it is mounted.
import { json, Router, type Request } from 'express';
import { DrillBusyError } from '../collect/backups/restore/drill.js';
import type { DrillRequest } from '../collect/backups/restore/drills.js';
import type { DrillResult } from '../collect/backups/restore/model.js';
import { restoreReport, unknownReport } from '../collect/backups/restore/report.js';
import { crossOriginRefusal } from './request-limits.js';

export type RunDrills = (request: DrillRequest) => Promise<DrillResult[] | undefined>;

function drillRequest(body: unknown): DrillRequest | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object';
  const { database, file, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) return `unknown field ${unknown[0]} (fields: database, file)`;
  if (database !== undefined && typeof database !== 'string') return 'database must be a string';
  if (file !== undefined && typeof file !== 'string') return 'file must be a string';
  return { ...(database ? { database } : {}), ...(file ? { file } : {}) };
}

export function restoreTestRouter(run: RunDrills): Router {
  const router = Router();
  router.post('/api/v1/backups/restore-test', json({ limit: '4kb' }), async (req: Request, res) => {
    if (!req.is('application/json')) {
      res.status(415).json({ error: 'send a JSON body (Content-Type: application/json)' });
      return;
    }
    const refusal = crossOriginRefusal(req.method, req.headers);
    if (refusal !== undefined) {
      res.status(403).json({ error: refusal });
      return;
    }
    const request = drillRequest(req.body);
    if (typeof request === 'string') {
      res.status(400).json({ error: request });
      return;
    }
    try {
      const results = await run(request);
      if (results === undefined) {
        res.status(404).json(unknownReport('no backup directory has a restore_test').json);
        return;
      }
      res.json(restoreReport(results).json);
    } catch (error) {
      if (!(error instanceof DrillBusyError)) throw error;
      res.status(409).json(unknownReport(error.message).json);
    }
  });
  return router;
}
