// A loopback HTTP or HTTPS server that records every request (with the client certificate's CN under mTLS) and answers
// with a scripted status (200 by default, or a redirect): the far end of the http_config tests.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  /** The client certificate's common name (mTLS), when one was presented. */
  readonly clientCn: string | undefined;
}

export type Answer = (req: RecordedRequest, res: ServerResponse) => void;

export interface RecordingServer {
  readonly requests: RecordedRequest[];
  readonly port: number;
  url(path?: string): string;
  stop(): Promise<void>;
}

/** `tls` makes it HTTPS (with `requestCert`/`ca` for mTLS); `answer` defaults to 200 `{}`. */
export async function startRecordingServer(
  opts: { tls?: ServerOptions; answer?: Answer } = {},
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const socket = req.socket as Partial<TLSSocket>;
      const peer = socket.getPeerCertificate?.();
      const cn = peer?.subject?.CN;
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        clientCn: Array.isArray(cn) ? cn[0] : cn,
      };
      requests.push(recorded);
      if (opts.answer) opts.answer(recorded, res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  };
  const server = opts.tls ? createHttpsServer(opts.tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = opts.tls ? 'https' : 'http';
  return {
    requests,
    port,
    url: (path = '/') => `${scheme}://127.0.0.1:${port}${path}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
