// A real forwarding HTTP proxy on loopback (the `proxy` npm package: absolute-form requests and CONNECT tunnels), with
// optional Basic proxy authentication, recording what it was asked to forward and the CONNECT requests' headers.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';

export interface ForwardProxy {
  readonly port: number;
  /** Absolute-form requests (`http://host:port/path`) and CONNECT targets (`host:port`), in order. */
  readonly forwarded: string[];
  /** The headers of every CONNECT request. */
  readonly connectHeaders: IncomingMessage['headers'][];
  url(credentials?: string): string;
  stop(): Promise<void>;
}

export async function startForwardProxy(credentials?: { user: string; password: string }): Promise<ForwardProxy> {
  const forwarded: string[] = [];
  const connectHeaders: IncomingMessage['headers'][] = [];
  const server = createProxy(createServer());
  server.prependListener('request', (req: IncomingMessage) => forwarded.push(req.url ?? ''));
  server.prependListener('connect', (req: IncomingMessage) => {
    forwarded.push(req.url ?? '');
    connectHeaders.push(req.headers);
  });
  if (credentials) {
    const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    forwarded,
    connectHeaders,
    url: (userinfo) => `http://${userinfo ? `${userinfo}@` : ''}127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
