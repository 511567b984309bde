import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from '../log.js';
import { sendExposition, type ExpositionParts } from './exposition-response.js';
import { landingPage } from './landing.js';
import { declaredBodyLimit, errorHandler, sameOriginOnly } from './request-limits.js';

/** What the HTTP layer needs from the agent; the app itself holds no state. */
export interface MetricsProvider {
  /** The exposition for /metrics: the default target(s) plus the agent's own metrics. */
  metrics(): Promise<ExpositionParts>;
  /** The exposition for /probe?target=NAME, or undefined when no such target is configured. */
  probe(target: string): Promise<ExpositionParts | undefined>;
  /** Ready once every target has completed its first collection. */
  isReady(): boolean;
}

export interface AppOptions {
  readonly provider: MetricsProvider;
  readonly telemetryPath: string;
  readonly logger: Logger;
  readonly version: string;
  /** Hooks for later parts (rules API, check, silences) to add routes; called before the 404 handler. */
  readonly extend?: ReadonlyArray<(app: Express) => void>;
  /** The web console's pages, mounted ahead of every other route (its `/` replaces the landing page). */
  readonly pages?: ReadonlyArray<(app: Express) => void>;
  /** Middleware applied before every route (authentication, headers). */
  readonly guard?: express.RequestHandler;
}

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every response body for an ETag: megabytes per scrape on a large database, and scrapers never
  // send If-None-Match.
  app.set('etag', false);
  if (options.guard) app.use(options.guard);
  app.use(declaredBodyLimit, sameOriginOnly);
  for (const mount of options.pages ?? []) mount(app);
  const { provider, logger } = options;

  const failed = (res: Response, what: string) => (error: unknown) => {
    logger.error({ err: (error as Error).message }, `${what} failed`);
    res.status(500).type('text/plain').send(`${what} failed\n`);
  };

  app.get(options.telemetryPath, (req: Request, res: Response) => {
    provider
      .metrics()
      .then((parts) => sendExposition(req, res, parts))
      .catch(failed(res, 'metrics'));
  });
  app.get('/probe', (req: Request, res: Response) => {
    const target = typeof req.query.target === 'string' ? req.query.target : '';
    if (!target) {
      res.status(400).type('text/plain').send('missing ?target=NAME\n');
      return;
    }
    provider
      .probe(target)
      .then((parts) => {
        if (parts === undefined) res.status(404).type('text/plain').send(`unknown target "${target}"\n`);
        else return sendExposition(req, res, parts);
      })
      .catch(failed(res, 'probe'));
  });
  app.get('/-/healthy', (_req, res) => {
    res.type('text/plain').send('pgwarden is Healthy.\n');
  });
  app.get('/-/ready', (_req, res) => {
    if (provider.isReady()) res.type('text/plain').send('pgwarden is Ready.\n');
    else res.status(503).type('text/plain').send('pgwarden is not ready: first collection pending.\n');
  });
  app.get('/', (_req, res) => {
    res.type('html').send(landingPage(options.version, options.telemetryPath));
  });
  for (const extend of options.extend ?? []) extend(app);
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  app.use(errorHandler(logger));
  return app;
}
