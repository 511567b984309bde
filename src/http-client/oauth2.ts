// OAuth 2.0 client credentials (RFC 6749 §4.4), as Prometheus's oauth2 (golang.org/x/oauth2/clientcredentials): the
// token is fetched from token_url with client_id/client_secret, scopes and endpoint_params, and reused until 10 s
// before it expires. Written here (about 60 lines) because the npm OAuth clients bring their own HTTP stack, and the
// token request must go through the same TLS and proxy settings (oauth2.tls_config, oauth2.proxy_url) as ours.
import type { Response } from 'undici';
import type { OAuth2Config } from './config.js';

/** Go's oauth2 expiryDelta: a token this close to its expiry is renewed first. */
const EXPIRY_MARGIN_MS = 10_000;

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<Response>;

interface Token {
  readonly header: string;
  readonly expiresAt: number;
}

/** Go's Token.Type(): bearer/mac/basic in their canonical case; empty means Bearer. */
function tokenType(type: unknown): string {
  const text = typeof type === 'string' ? type : '';
  const canonical: Record<string, string> = { bearer: 'Bearer', mac: 'MAC', basic: 'Basic', '': 'Bearer' };
  return canonical[text.toLowerCase()] ?? text;
}

const form = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

export class OAuth2Token {
  private token: Token | undefined;
  private pending: Promise<Token> | undefined;
  /** Go's AuthStyleAutoDetect: credentials in a Basic header first; in the body when the server refuses that. */
  private inParams = false;

  constructor(
    private readonly config: OAuth2Config,
    private readonly fetch: FetchLike,
    private readonly onToken: (token: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The Authorization header value, from the cache or a new token. */
  async header(signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.token.header;
    this.pending ??= this.request(signal).finally(() => (this.pending = undefined));
    this.token = await this.pending;
    return this.token.header;
  }

  private async request(signal?: AbortSignal): Promise<Token> {
    let response = await this.post(this.inParams, signal);
    if (!this.inParams && (response.status === 400 || response.status === 401)) {
      await response.arrayBuffer().catch(() => undefined);
      response = await this.post(true, signal);
      if (response.ok) this.inParams = true;
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`oauth2 token request refused: HTTP ${response.status}`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error('oauth2 token response is not JSON');
    }
    const accessToken = body['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '')
      throw new Error('oauth2 token response has no access_token');
    this.onToken(accessToken);
    const expiresIn = Number(body['expires_in']);
    return {
      header: `${tokenType(body['token_type'])} ${accessToken}`,
      expiresAt: expiresIn > 0 ? this.now() + expiresIn * 1000 : Infinity,
    };
  }

  private post(inParams: boolean, signal?: AbortSignal): Promise<Response> {
    const { client_id, client_secret = '', scopes, endpoint_params } = this.config;
    const params: Record<string, string> = { ...endpoint_params, grant_type: 'client_credentials' };
    if (scopes.length) params['scope'] = scopes.join(' ');
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (inParams) Object.assign(params, { client_id, client_secret });
    else
      headers['authorization'] = `Basic ${Buffer.from(`${form(client_id)}:${form(client_secret)}`).toString('base64')}`;
    const body = Object.entries(params)
      .map(([k, v]) => `${form(k)}=${form(v)}`)
      .join('&');
    return this.fetch(this.config.token_url, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
  }
}
