// Prometheus's --web.external-url / --web.route-prefix semantics: the external URL is where users reach the agent
// (its path prefixes every link the agent writes); the route prefix is where the agent itself serves, by default the
// external URL's path. Behind a proxy that strips the prefix, set the route prefix to "/". Pure.

export interface WebPaths {
  /** Prefix of every link in pages and messages: '' at the root, '/pgwarden' behind a proxy. */
  readonly base: string;
  /** Prefix of every route the agent serves: '' or e.g. '/pgwarden'. */
  readonly routePrefix: string;
  /** The external URL's host (a browser's Origin behind the proxy), when one is configured. */
  readonly externalHost?: string;
}

const trimSlashes = (path: string) => `/${path.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');

/** Throws an Error naming the flag when the URL or prefix cannot be used. */
export function webPaths(externalUrl: string | undefined, routePrefix: string | undefined): WebPaths {
  let base = '';
  let externalHost: string | undefined;
  if (externalUrl !== undefined && externalUrl !== '') {
    let url: URL;
    try {
      url = new URL(externalUrl);
    } catch {
      throw new Error(`--web.external-url "${externalUrl}" is not a URL (expected e.g. https://example.com/pgwarden)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`--web.external-url "${externalUrl}" must be an http:// or https:// URL`);
    }
    base = trimSlashes(url.pathname);
    externalHost = url.host;
  }
  if (routePrefix !== undefined && !routePrefix.startsWith('/')) {
    throw new Error(`--web.route-prefix "${routePrefix}" must start with /`);
  }
  const prefix = routePrefix === undefined ? base : trimSlashes(routePrefix);
  return { base: externalUrl ? base : prefix, routePrefix: prefix, ...(externalHost ? { externalHost } : {}) };
}
