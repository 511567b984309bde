// The console's routes: pages (GET), actions (POST, refused when read-only or cross-site), and the browser assets
// built by `npm run build` (no CDN: every byte comes from the agent).
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import type { ConsoleContext } from './context.js';
import type { Html } from './html.js';
import { mainContent } from './layout.js';
import { alertsPage } from './pages/alerts.js';
import { backupsPage } from './pages/backups.js';
import { notificationsPage } from './pages/notifications.js';
import { queryPage, RANGES } from './pages/query.js';
import { rulesPage } from './pages/rules.js';
import { applyDeadLetterAction } from './dead-letter-actions.js';
import { graphData } from './query-graph.js';
import { overviewPage } from './pages/overview.js';
import { silencesPage, type SilencesView } from './pages/silences.js';
import { targetPage } from './pages/target.js';
import { serverFacts } from './server-facts.js';
import { readSilenceForm, silenceBody } from './silence-form.js';

export const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

const query = (req: Request, name: string): string | undefined =>
  typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;

/** The page, or only <main>'s content when the browser script asks for a refresh. */
function send(req: Request, res: Response, page: Html, statusCode = 200): void {
  res.status(statusCode).setHeader('Cache-Control', 'no-store');
  res.type('html').send(req.get('X-Console-Fragment') ? mainContent(page) : page.text);
}

/** POST bodies of the console's forms (urlencoded, small). */
const form = express.urlencoded({ extended: false, limit: '64kb' });

export function consoleRouter(ctx: ConsoleContext): Router {
  const router = Router();
  router.use(
    '/console/assets',
    express.static(ASSETS_DIR, { index: false, fallthrough: false, maxAge: '1h', immutable: false }),
  );
  router.get('/', (req, res) => send(req, res, overviewPage(ctx)));
  router.get('/targets/:name', (req, res, next) => {
    const sampler = ctx.samplers().find((s) => s.target.name === req.params.name);
    if (!sampler) {
      next();
      return;
    }
    serverFacts(sampler.target, ctx.now()).then(
      (facts) => send(req, res, targetPage(ctx, sampler, facts)),
      (error: unknown) => next(error),
    );
  });
  router.get('/alerts', (req, res) => {
    const page = alertsPage(ctx, {
      fingerprint: query(req, 'fingerprint'),
      filter: query(req, 'filter'),
      target: query(req, 'target'),
      severity: query(req, 'severity'),
    });
    send(req, res, page);
  });

  router.get('/silences', (req, res) => {
    const matchers = query(req, 'matchers');
    const view: SilencesView =
      matchers !== undefined ? { form: readSilenceForm(req.query as Record<string, unknown>) } : {};
    send(req, res, silencesPage(ctx, view));
  });

  router.get('/rules', (req, res) => send(req, res, rulesPage(ctx)));
  router.get('/backups', (req, res) => send(req, res, backupsPage(ctx)));
  router.get('/notifications', (req, res, next) => {
    notificationsPage(ctx).then((page) => send(req, res, page), next);
  });
  router.get('/query', (req, res) => {
    const range = query(req, 'range') ?? '15m';
    send(req, res, queryPage(ctx, { expr: query(req, 'expr') ?? '', range: range in RANGES ? range : '15m' }));
  });
  router.get('/console/api/graph', (req, res) => {
    const rangeMs = RANGES[query(req, 'range') ?? ''] ?? (RANGES['15m'] as number);
    try {
      res.json(graphData(ctx.engine.store, query(req, 'expr') ?? '', ctx.now(), rangeMs));
    } catch (error) {
      res.status(400).json({ error: (error as Error).message, times: [], series: [] });
    }
  });

  // State changes: refused when read-only. (Cross-site requests are refused before any route; see sameOriginGuard.)
  const writable: express.RequestHandler = (_req, res, next) => {
    if (ctx.readOnly)
      res.status(403).type('text/plain').send('the console is read-only (--web.read-only or web.read_only)\n');
    else next();
  };
  router.post('/silences', writable, form, async (req, res) => {
    const values = readSilenceForm(req.body as Record<string, unknown>);
    const notifier = ctx.engine.notifier;
    try {
      if (!notifier) throw new Error('silences need the notifier: configure alerting: with a route and receivers');
      const { silenceID } = await notifier.createSilence(silenceBody(values, ctx.now()));
      res.redirect(303, `${ctx.base}/silences#${encodeURIComponent(silenceID)}`);
    } catch (error) {
      const message = { text: (error as Error).message, error: true };
      send(req, res, silencesPage(ctx, { form: values, message }), 400);
    }
  });
  router.post('/silences/:id/expire', writable, async (req, res) => {
    const expired = await ctx.engine.notifier?.expireSilence(String(req.params.id));
    if (expired) res.redirect(303, `${ctx.base}/silences`);
    else
      send(req, res, silencesPage(ctx, { message: { text: `silence ${req.params.id} not found`, error: true } }), 404);
  });
  router.post('/rules/reload', writable, async (req, res) => {
    const result = await ctx.reload();
    const message = result.ok
      ? { text: 'Configuration and rules reloaded.', error: false }
      : { text: `Reload failed; the running configuration stays: ${result.error ?? ''}`, error: true };
    send(req, res, rulesPage(ctx, message), result.ok ? 200 : 500);
  });
  router.post('/notifications/dead-letters/:id/:action', writable, async (req, res, next) => {
    const action = req.params.action;
    if (action !== 'retry' && action !== 'drop') {
      next();
      return;
    }
    const outcome = await applyDeadLetterAction(ctx.engine.notifier, action, String(req.params.id));
    if (outcome === 'done') {
      res.redirect(303, `${ctx.base}/notifications`);
      return;
    }
    const text =
      outcome === 'unknown'
        ? `dead letter ${req.params.id} not found`
        : `${action} needs the notifier: configure alerting: with a route and receivers`;
    send(req, res, await notificationsPage(ctx, { text, error: true }), outcome === 'unknown' ? 404 : 501);
  });
  return router;
}
