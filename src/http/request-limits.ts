// What every request must respect before a route sees it: a bounded body (413), no state change from another site
// (403), and errors answered as JSON in the API's own shape, never as Express's HTML page with a stack trace.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from '../log.js';

/** The largest request body any route reads (a PromQL query, a silence): 1 MiB, far beyond any real one. */
export const MAX_BODY_BYTES = 1024 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request must be refused as cross-origin, or undefined. Browsers say where a request comes from
 * (Sec-Fetch-Site, else Origin); a state change is accepted only from the agent's own pages or from a client that is
 * not a browser (curl, amtool, Prometheus, Grafana's backend send neither header). A cross-site form POST would
 * otherwise carry the browser's cached basic-auth credentials.
 */
export function crossOriginRefusal(
  method: string,
  headers: { readonly [name: string]: string | string[] | undefined },
): string | undefined {
  if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
  const fetchSite = headerValue(headers['sec-fetch-site'])?.toLowerCase();
  if (fetchSite !== undefined) {
    return fetchSite === 'same-origin' || fetchSite === 'none'
      ? undefined
      : `cross-origin ${method} refused (Sec-Fetch-Site: ${fetchSite})`;
  }
  const origin = headerValue(headers.origin);
  if (origin === undefined) return undefined;
  const host = headerValue(headers.host);
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  return originHost !== undefined && host !== undefined && originHost === host.toLowerCase()
    ? undefined
    : `cross-origin ${method} refused (Origin: ${origin.slice(0, 200)})`;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Refuses cross-origin state changes with 403 (see crossOriginRefusal). */
export const sameOriginOnly: RequestHandler = (req, res, next) => {
  const refusal = crossOriginRefusal(req.method, req.headers);
  if (refusal === undefined) next();
  else sendError(req, res, 403, 'forbidden', refusal);
};

/** Answers 413 at once when the declared length is over the limit; parsers enforce it for chunked bodies. */
/** Past this many discarded bytes (or 10 s) a refused upload's connection is cut instead of read to its end. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a refused body to its end without keeping it, so the client, still writing, gets to read the 413 rather than
 * a broken pipe (closing the connection under a client mid-upload makes most clients report EPIPE, not the answer).
 * Bounded: a larger or slower upload has its connection cut.
 */
function discardBody(req: Parameters<RequestHandler>[0]): void {
  let discarded = 0;
  const cut = setTimeout(() => req.socket.destroy(), 10_000).unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) req.socket.destroy();
  });
  req.on('end', () => clearTimeout(cut));
  req.resume();
}

export const declaredBodyLimit: RequestHandler = (req, res, next) => {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_BODY_BYTES) {
    sendError(req, res, 413, 'bad_data', `request body larger than ${MAX_BODY_BYTES} bytes`);
    discardBody(req);
  } else next();
};

/**
 * Errors in Prometheus's shape under /api/v1 (`{status, errorType, error}`), go-swagger's under /api/v2 (Alertmanager:
 * `{code, message}`), plain text elsewhere.
 */
export function sendError(
  req: Request,
  res: Parameters<RequestHandler>[1],
  status: number,
  errorType: string,
  message: string,
): void {
  if (res.headersSent) return;
  if (req.path.startsWith('/api/v1/')) res.status(status).json({ status: 'error', errorType, error: message });
  else if (req.path.startsWith('/api/v2/')) res.status(status).json({ code: status, message });
  else res.status(status).type('text/plain').send(`${message}\n`);
}

/** The last error handler: body-parser's errors keep their status (400 bad JSON, 413 too large); others are 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const err = error as { status?: unknown; type?: unknown; message?: unknown };
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status === 413) {
      sendError(req, res, 413, 'bad_data', `request body larger than ${MAX_BODY_BYTES} bytes`);
    } else if (status < 500 && typeof err.type === 'string') {
      // body-parser's own message ("Unexpected token } in JSON at position 9"): about the request, no paths.
      sendError(req, res, status, 'bad_data', `cannot parse the request body: ${String(err.message)}`);
    } else {
      logger.error({ err: String(err.message ?? error), path: req.path }, 'request failed');
      sendError(req, res, status, 'internal', 'internal error (see the agent log)');
    }
  };
}
