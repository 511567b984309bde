// GET /api/v1/check: the running agent's Nagios verdict as JSON (src/check/agent-check.ts builds the document).
import { Router } from 'express';
import { agentCheckDocument, type AgentCheckSource } from '../check/agent-check.js';

function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** GET /api/v1/check?selection=connections&rule=NAME&target=NAME: 200 with the document, 400 when it is UNKNOWN for a bad query. */
export function checkRouter(source: AgentCheckSource, targets: () => readonly string[]): Router {
  const router = Router();
  router.get('/api/v1/check', (req, res) => {
    const target = typeof req.query.target === 'string' ? req.query.target : undefined;
    const doc = agentCheckDocument(
      source,
      targets(),
      { selections: list(req.query.selection), rules: list(req.query.rule), target },
      Date.now(),
    );
    res.status(doc.status === 'UNKNOWN' && doc.checks.length === 0 ? 400 : 200).json(doc);
  });
  return router;
}
