// `no_proxy` as Prometheus reads it (it hands proxy_url and no_proxy to Go's golang.org/x/net/http/httpproxy):
// comma-separated IP addresses, CIDR ranges, domain names (`example.com` and `.example.com` also match subdomains,
// `*` matches everything), each optionally with `:port`; and loopback destinations are never proxied. undici's
// EnvHttpProxyAgent has no CIDR or loopback rule, hence this small pure function.
import { BlockList, isIP } from 'node:net';

interface Entry {
  readonly host: string;
  readonly port: number | undefined;
  readonly cidr: BlockList | undefined;
}

function parseEntry(text: string): Entry | undefined {
  let entry = text.trim().toLowerCase();
  if (!entry) return undefined;
  const cidr = entry.match(/^(.+)\/(\d{1,3})$/);
  if (cidr) {
    const family = isIP(cidr[1]!);
    if (!family) return undefined;
    const list = new BlockList();
    list.addSubnet(cidr[1]!, Number(cidr[2]), family === 6 ? 'ipv6' : 'ipv4');
    return { host: '', port: undefined, cidr: list };
  }
  let port: number | undefined;
  const withPort = entry.match(/^(\[[^\]]+\]|[^:]+):(\d+)$/);
  if (withPort) {
    entry = withPort[1]!;
    port = Number(withPort[2]);
  }
  return { host: entry.replace(/^\[|\]$/g, '').replace(/^\*\./, '.'), port, cidr: undefined };
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Whether a request to `url` goes directly, bypassing the proxy, under the `noProxy` list. */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopback(host)) return true;
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const family = isIP(host);
  for (const entry of noProxy.split(',').map(parseEntry)) {
    if (!entry) continue;
    if (entry.host === '*') return true;
    if (entry.cidr) {
      if (family && entry.cidr.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
      continue;
    }
    if (entry.port !== undefined && entry.port !== port) continue;
    if (family) {
      if (host === entry.host) return true;
      continue;
    }
    const domain = entry.host.replace(/^\./, '');
    if (host === domain && !entry.host.startsWith('.')) return true;
    if (host.endsWith(`.${domain}`)) return true;
  }
  return false;
}
