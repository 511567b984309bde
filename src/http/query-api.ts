import { Router, urlencoded, type Request, type Response } from 'express';
import {
  evaluateInstant,
  formatPromValue,
  parsePromql,
  PromqlError,
  QueryTimeoutError,
  type QueryValue,
} from '../promql/index.js';
import { alertsApiResponse, rulesApiResponse } from '../rules/index.js';
import type { AlertingState } from './alerting-api.js';
import { MAX_BODY_BYTES } from './request-limits.js';

/** Prometheus's --query.timeout default. */
export const DEFAULT_QUERY_TIMEOUT_MS = 2 * 60_000;

/** Prometheus's instant-query result shape: values as [seconds, "string"]. */
export function queryResultJson(value: QueryValue, timeMs: number): unknown {
  const t = timeMs / 1000;
  switch (value.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: value.result.map((s) => ({ metric: s.metric, value: [t, formatPromValue(s.value)] })),
      };
    case 'scalar':
      return { resultType: 'scalar', result: [t, formatPromValue(value.result)] };
    case 'string':
      return { resultType: 'string', result: [t, value.result] };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: value.result.map((s) => ({
          metric: s.metric,
          values: s.values.map((p) => [p.t / 1000, formatPromValue(p.v)]),
        })),
      };
  }
}

function parseTime(raw: unknown, now: number): number {
  if (raw === undefined || raw === '') return now;
  const text = String(raw);
  const seconds = Number(text);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new PromqlError(`cannot parse "${text}" to a valid timestamp`, 1, 1);
  return ms;
}

/** GET /api/v1/query, /api/v1/rules, /api/v1/alerts in Prometheus's response shapes. */
export function queryRouter(engine: AlertingState, queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS): Router {
  const router = Router();
  const query = (req: Request, res: Response) => {
    const params = { ...(req.query as Record<string, unknown>), ...((req.body as Record<string, unknown>) ?? {}) };
    try {
      const timeMs = parseTime(params.time, Date.now());
      const expr = parsePromql(String(params.query ?? ''));
      const value = evaluateInstant(expr, engine.store, timeMs, Date.now() + queryTimeoutMs);
      res.json({ status: 'success', data: queryResultJson(value, timeMs) });
    } catch (error) {
      if (error instanceof QueryTimeoutError) {
        res.status(503).json({ status: 'error', errorType: 'timeout', error: error.message });
        return;
      }
      const bad = error instanceof PromqlError;
      res
        .status(bad ? 400 : 422)
        .json({ status: 'error', errorType: bad ? 'bad_data' : 'execution', error: (error as Error).message });
    }
  };
  router.get('/api/v1/query', query);
  // Grafana posts form-encoded queries; the body is bounded (413 past MAX_BODY_BYTES), whatever its content type.
  router.post('/api/v1/query', urlencoded({ extended: false, limit: MAX_BODY_BYTES, type: () => true }), query);
  router.get('/api/v1/rules', (req, res) => {
    const type = req.query.type === 'alert' || req.query.type === 'record' ? req.query.type : undefined;
    res.json(rulesApiResponse(engine.rules, type ? { type } : {}));
  });
  router.get('/api/v1/alerts', (_req, res) => {
    res.json(alertsApiResponse(engine.rules, (labels) => engine.flaps.isFlapping(labels)));
  });
  router.get('/api/v1/notifications', (_req, res) => {
    const notifier = engine.notifier;
    res.json({
      status: 'success',
      data: { pending: notifier?.pending() ?? [], deadLetters: notifier?.deadLetters() ?? [] },
    });
  });
  return router;
}
