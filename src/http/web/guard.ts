import type { RequestHandler } from 'express';
import type { Logger } from '../../log.js';
import { BasicAuthVerifier, parseBasicAuth } from './basic-auth.js';
import type { WebConfig } from './web-config.js';

function unauthorized(res: Parameters<RequestHandler>[1]): void {
  res.setHeader('WWW-Authenticate', 'Basic');
  res.status(401).type('text/plain').send('Unauthorized\n');
}

/**
 * The `guard` of createApp: adds the configured headers to every response (401s included) and, when users are
 * configured, requires basic auth on every path, state-changing ones included. It reads the config on each request,
 * so a reload takes effect at once.
 */
export function createGuard(
  current: () => WebConfig,
  requestLogger?: Logger,
  verifier = new BasicAuthVerifier(),
): RequestHandler {
  return (req, res, next) => {
    if (requestLogger) logWhenFinished(requestLogger, req, res);
    const config = current();
    for (const [name, value] of config.headers) res.setHeader(name, value);
    if (config.users.size === 0) {
      next();
      return;
    }
    const credentials = parseBasicAuth(req.headers.authorization);
    if (!credentials) {
      unauthorized(res);
      return;
    }
    verifier.verify(config.users, credentials.user, credentials.password).then(
      (ok) => (ok ? next() : unauthorized(res)),
      () => unauthorized(res),
    );
  };
}

/** One debug line per request (--web.log-requests): method, path without the query, status, duration. */
function logWhenFinished(logger: Logger, req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) {
  const started = performance.now();
  res.once('finish', () => {
    const ms = Math.round(performance.now() - started);
    logger.debug({ method: req.method, path: req.path, status: res.statusCode, ms }, 'http request');
  });
}
