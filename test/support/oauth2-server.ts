// A loopback OAuth 2.0 token endpoint implementing the client credentials grant (RFC 6749 §4.4): it checks the client
// (HTTP Basic, or client_id/client_secret in the form), hands out numbered tokens, and records each token request.
import { startRecordingServer, type RecordingServer } from './recording-server.js';

export interface TokenServer {
  readonly server: RecordingServer;
  /** The form parameters of every token request. */
  readonly tokenRequests: URLSearchParams[];
  readonly tokenUrl: string;
  stop(): Promise<void>;
}

export async function startTokenServer(client: { id: string; secret: string }, expiresIn = 3600): Promise<TokenServer> {
  const tokenRequests: URLSearchParams[] = [];
  const server = await startRecordingServer({
    answer(req, res) {
      const form = new URLSearchParams(req.body.toString('utf8'));
      tokenRequests.push(form);
      const basic = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
      const authorised =
        req.headers.authorization === basic ||
        (form.get('client_id') === client.id && form.get('client_secret') === client.secret);
      if (form.get('grant_type') !== 'client_credentials' || !authorised) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
        return;
      }
      const body = { access_token: `token-${tokenRequests.length}`, token_type: 'bearer', expires_in: expiresIn };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    },
  });
  return { server, tokenRequests, tokenUrl: server.url('/oauth2/token'), stop: () => server.stop() };
}
