import os from 'node:os';

/**
 * The agent's external URL, the base of every link it writes (notification and generator links, `$externalURL`,
 * /api/v1/targets): --web.external-url, else the configuration's web.external_url, else the listen address (this
 * host's name for a wildcard address) under the route prefix, where the agent serves its pages. Prometheus's rule.
 */
export function externalUrlOf(
  configured: string | undefined,
  listen: { readonly host: string; readonly port: number },
  routePrefix = '',
  protocol = 'http',
): string {
  if (configured) return configured;
  const wildcard = !listen.host || listen.host === '0.0.0.0' || listen.host === '::';
  const host = wildcard ? os.hostname() : listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return `${protocol}://${host}:${listen.port}${routePrefix}`;
}
