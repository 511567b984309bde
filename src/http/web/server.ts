import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { TlsSettings } from './web-config.js';

/** Node's TLS options for a web config's tls_server_config (client_auth_type as Go's crypto/tls names it). */
export function tlsServerOptions(tls: TlsSettings): ServerOptions {
  const requestCert = tls.clientAuth !== 'NoClientCert';
  return {
    cert: tls.cert,
    key: tls.key,
    ...(tls.ca ? { ca: tls.ca } : {}),
    minVersion: tls.minVersion,
    maxVersion: tls.maxVersion,
    requestCert,
    // Only RequireAndVerifyClientCert can be left to OpenSSL; the other policies are checked per connection below.
    rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
  };
}

/** Whether a TLS connection satisfies the client certificate policy (what Go checks in the handshake). */
export function clientCertAcceptable(policy: TlsSettings['clientAuth'], socket: TLSSocket): boolean {
  const presented = Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
  switch (policy) {
    case 'RequireAnyClientCert':
      return presented;
    case 'VerifyClientCertIfGiven':
      return !presented || socket.authorized;
    case 'RequireAndVerifyClientCert':
      return presented && socket.authorized;
    default:
      return true;
  }
}

type WebServer = Server & { updateTls?: (next: TlsSettings) => boolean; requestsCert?: boolean };

/** A plain HTTP server, or HTTPS with the web config's TLS settings. */
export function createWebServer(app: RequestListener, tls: TlsSettings | undefined): Server {
  if (!tls) return createHttpServer(app);
  const server = createHttpsServer(tlsServerOptions(tls), app);
  let policy = tls.clientAuth;
  server.on('secureConnection', (socket: TLSSocket) => {
    if (!clientCertAcceptable(policy, socket)) socket.destroy();
  });
  // A reload swaps certificates (and the policy) without closing the listening socket.
  // Whether to ask for a client certificate is fixed when the server is created.
  const requestsCert = tls.clientAuth !== 'NoClientCert';
  (server as WebServer).requestsCert = requestsCert;
  (server as WebServer).updateTls = (next) => {
    if ((next.clientAuth !== 'NoClientCert') !== requestsCert) return false;
    server.setSecureContext(tlsServerOptions(next));
    policy = next.clientAuth;
    return true;
  };
  return server;
}

/**
 * Applies new TLS settings to a running HTTPS server; false when only a restart can apply them (HTTP ⇄ HTTPS, or
 * switching client certificates on or off).
 */
export function canUpdateWebServerTls(server: Server, tls: TlsSettings | undefined): boolean {
  const { updateTls, requestsCert } = server as WebServer;
  if (!tls || !updateTls) return !tls && !updateTls;
  return (tls.clientAuth !== 'NoClientCert') === requestsCert;
}

/** See canUpdateWebServerTls; applies the settings when it can. */
export function updateWebServerTls(server: Server, tls: TlsSettings | undefined): boolean {
  const update = (server as WebServer).updateTls;
  if (!tls || !update) return !tls && !update;
  return update(tls);
}
