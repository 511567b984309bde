// Cross-site request protection for state-changing requests. Browsers send `Origin` (and `Sec-Fetch-Site`) with every
// cross-origin POST, so a request whose origin is not the agent's own is refused; clients that are not browsers
// (curl, amtool, Grafana) send neither and are not affected. Pure, so the rules are table-tested.
import type { RequestHandler } from 'express';

export interface OriginFacts {
  readonly method: string;
  readonly path?: string | undefined;
  readonly origin?: string | undefined;
  readonly secFetchSite?: string | undefined;
  /** The Host header the browser sent (host[:port]). */
  readonly host?: string | undefined;
  /** Hosts the agent is also known as (the external URL's, behind a reverse proxy). */
  readonly allowedHosts: readonly string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** POSTs that only read (Grafana posts its queries); a proxy in between may forward a browser's Origin. */
const READING_POSTS = new Set(['/api/v1/query', '/api/v1/query_range']);

/** Undefined when the request may proceed, else why it is refused. */
export function crossSiteRefusal(facts: OriginFacts): string | undefined {
  if (SAFE_METHODS.has(facts.method.toUpperCase()) || READING_POSTS.has(facts.path ?? '')) return undefined;
  if (facts.secFetchSite && facts.secFetchSite !== 'same-origin' && facts.secFetchSite !== 'none') {
    return `cross-site request refused (Sec-Fetch-Site: ${facts.secFetchSite})`;
  }
  if (facts.origin === undefined) return undefined;
  let originHost: string;
  try {
    originHost = new URL(facts.origin).host;
  } catch {
    return `cross-site request refused (Origin: ${facts.origin})`;
  }
  const allowed = [facts.host, ...facts.allowedHosts].filter((h): h is string => !!h).map((h) => h.toLowerCase());
  return allowed.includes(originHost.toLowerCase())
    ? undefined
    : `cross-site request refused (Origin: ${facts.origin})`;
}

export function sameOriginGuard(allowedHosts: () => readonly string[]): RequestHandler {
  return (req, res, next) => {
    const refusal = crossSiteRefusal({
      method: req.method,
      path: req.path,
      origin: req.headers.origin,
      secFetchSite: req.headers['sec-fetch-site'] as string | undefined,
      host: req.headers.host,
      allowedHosts: allowedHosts(),
    });
    if (refusal === undefined) next();
    else res.status(403).type('text/plain').send(`${refusal}\n`);
  };
}
