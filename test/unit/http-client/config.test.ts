import { describe, expect, it } from 'vitest';
import { httpClientConfigSchema } from '../../../src/http-client/config.js';
import { resolveHttpClientConfig } from '../../../src/http-client/resolve.js';

function problems(input: unknown): string[] {
  const result = httpClientConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('http_config validation (Prometheus common HTTPClientConfig.Validate)', () => {
  it.each([
    [{}, []],
    [{ basic_auth: { username: 'u', password: 'p' }, authorization: { credentials: 'x' } }, ['at most one of']],
    [{ bearer_token: 'a', bearer_token_file: 'f' }, ['at most one of']],
    [{ oauth2: { client_id: 'c', token_url: 'http://t' }, basic_auth: { username: 'u' } }, ['at most one of']],
    [{ authorization: { credentials: 'a', credentials_file: 'f' } }, ['authorization: at most one of credentials']],
    [{ authorization: { type: 'Basic', credentials: 'a' } }, ['authorization.type: authorization type cannot']],
    [{ basic_auth: { username: 'u', password: 'p', password_file: 'f' } }, ['basic_auth: at most one of password']],
    [{ oauth2: { client_id: 'c', token_url: 'http://t', client_secret: 'a', client_secret_file: 'f' } }, ['oauth2:']],
    [{ oauth2: { client_id: '', token_url: 'http://t' } }, ['oauth2.client_id: oauth2 client_id must be configured']],
    [{ tls_config: { ca: 'x', ca_file: 'f' } }, ['tls_config: at most one of ca, ca_file']],
    [{ tls_config: { cert_file: 'c' } }, ['tls_config: client cert and key must both be set']],
    [{ tls_config: { min_version: 'TLS14' } }, ['tls_config.min_version:']],
    [{ proxy_url: 'http://p:3128', proxy_from_environment: true }, ['proxy_from_environment is set']],
    [{ no_proxy: 'example.com' }, ['if no_proxy is set, proxy_url must be set']],
    [{ proxy_connect_header: { a: ['b'] } }, ['if proxy_connect_header is set']],
    [{ proxy_url: 'socks5://p:1080' }, ['proxy_url: must be an http']],
    [{ sigv4: {} }, ['Unrecognized key']],
  ])('%j → %j', (input, expected) => {
    const found = problems(input);
    expect(found).toHaveLength(expected.length);
    expected.forEach((text, i) => expect(found[i]).toContain(text));
  });

  it('defaults as Prometheus: follow_redirects and enable_http2 true', () => {
    expect(httpClientConfigSchema.parse({})).toMatchObject({ follow_redirects: true, enable_http2: true });
  });

  it('maps the deprecated bearer_token to authorization, as Prometheus does', () => {
    const parsed = httpClientConfigSchema.parse({ bearer_token: 'abc' });
    expect(resolveHttpClientConfig(parsed, '/', 'x').authorization).toEqual({ type: 'Bearer', credentials: 'abc' });
  });
});
