// Prometheus's http_config on the receivers, against real loopback servers: an HTTPS webhook trusted through ca_file
// (refused without it, then dead-lettered), mTLS with cert_file/key_file, server_name, a real forwarding proxy
// (proxy_url, its credentials, proxy_connect_header, no_proxy), OAuth2 client credentials against a real token
// endpoint, follow_redirects, and global.http_config as every receiver's default.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Notifier,
  resolveAlertingSecrets,
  type AlertingConfig,
  type AlertingConfigInput,
} from '../../../src/notify/index.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import { TLS_CERTIFICATE_ATTEMPTS } from '../../../src/notify/classify.js';
import { testCa } from '../../support/tls.js';
import { startRecordingServer, type RecordingServer } from '../../support/recording-server.js';
import { startForwardProxy, type ForwardProxy } from '../../support/forward-proxy.js';
import { startTokenServer } from '../../support/oauth2-server.js';
import { capturingLogger, fastRoute, firing, settle, testConfig, testEnvironment, waitFor } from './support.js';

const env = testEnvironment();
const ca = testCa();
const serverCert = ca.issue('receiver');
ca.issue('pgwarden-client', { client: true }); // pgwarden-client.crt and .key, the mTLS client's

async function open(config: AlertingConfig, logger: Logger = silentLogger()): Promise<Notifier> {
  const resolved = await resolveAlertingSecrets(config, ca.dir);
  const notifier = await Notifier.open({ config: resolved, stateDir: env.stateDir, logger, externalUrl: '' });
  env.cleanups.push(() => notifier.close());
  return notifier;
}

function webhookConfig(url: string, http?: Record<string, unknown>, extra: Partial<AlertingConfigInput> = {}) {
  return testConfig({
    route: fastRoute('team'),
    receivers: [{ name: 'team', webhook_configs: [{ url, ...(http ? { http_config: http } : {}) }] }],
    ...extra,
  });
}

async function https(opts: { mtls?: boolean } = {}): Promise<RecordingServer> {
  const server = await startRecordingServer({
    tls: {
      cert: serverCert.cert,
      key: serverCert.key,
      ...(opts.mtls ? { requestCert: true, rejectUnauthorized: true, ca: ca.ca } : {}),
    },
  });
  env.cleanups.push(() => server.stop());
  return server;
}

async function proxy(credentials?: { user: string; password: string }): Promise<ForwardProxy> {
  const started = await startForwardProxy(credentials);
  env.cleanups.push(() => started.stop());
  return started;
}

describe('tls_config', () => {
  it('delivers to an HTTPS receiver whose CA is given as ca_file', async () => {
    const receiver = await https();
    const notifier = await open(webhookConfig(receiver.url('/hook'), { tls_config: { ca_file: 'ca.crt' } }));
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 1, 'the webhook over TLS');
    expect(JSON.parse(receiver.requests[0]!.body.toString()).alerts[0].labels.alertname).toBe('DiskFull');
    await waitFor(() => notifier.pending().length === 0, 'the outbox to empty');
    expect(notifier.deadLetters()).toEqual([]);
  });

  it('refuses the untrusted certificate without ca_file, and dead-letters after a few attempts', async () => {
    const receiver = await https();
    const { logger, lines } = capturingLogger();
    const notifier = await open(webhookConfig(receiver.url('/hook')), logger);
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => notifier.deadLetters().length === 1, 'the dead letter', 15_000);
    expect(receiver.requests).toEqual([]);
    const dead = notifier.deadLetters()[0]!;
    expect(dead.reason).toBe('tls_certificate');
    expect(dead.notification.attempts).toBe(TLS_CERTIFICATE_ATTEMPTS);
    expect(lines.join('')).toContain('TLS certificate was not accepted (http_config.tls_config)');
  });

  it('presents the client certificate (cert_file, key_file) to a receiver that requires one', async () => {
    const receiver = await https({ mtls: true });
    const tls = { ca_file: 'ca.crt', cert_file: 'pgwarden-client.crt', key_file: 'pgwarden-client.key' };
    const notifier = await open(webhookConfig(receiver.url('/hook'), { tls_config: tls }));
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 1, 'the webhook over mTLS');
    expect(receiver.requests[0]!.clientCn).toBe('pgwarden-client');
  });

  it('without a client certificate the mTLS receiver sees nothing', async () => {
    const receiver = await https({ mtls: true });
    const notifier = await open(webhookConfig(receiver.url('/hook'), { tls_config: { ca_file: 'ca.crt' } }));
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => (notifier.pending()[0]?.attempts ?? 0) >= 2, 'two failed attempts');
    expect(receiver.requests).toEqual([]);
  });

  it('checks the certificate against server_name instead of the URL host', async () => {
    const named = ca.issue('named-receiver', { altNames: 'DNS:receiver.internal.test' });
    const receiver = await startRecordingServer({ tls: { cert: named.cert, key: named.key } });
    env.cleanups.push(() => receiver.stop());
    const tls = { ca_file: 'ca.crt', server_name: 'receiver.internal.test' };
    const notifier = await open(webhookConfig(receiver.url('/hook'), { tls_config: tls }));
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 1, 'the webhook with server_name');
  });
});

describe('proxy_url', () => {
  it('sends through a real forwarding proxy, with the proxy credentials from proxy_url', async () => {
    const receiver = await startRecordingServer();
    env.cleanups.push(() => receiver.stop());
    const forward = await proxy({ user: 'relay', password: 'proxy-secret-pw' });
    const { logger, lines } = capturingLogger();
    const notifier = await open(
      webhookConfig(receiver.url('/hook'), { proxy_url: forward.url('relay:proxy-secret-pw') }),
      logger,
    );
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 1, 'the webhook through the proxy');
    expect(forward.forwarded).toEqual([receiver.url('/hook')]);
    expect(lines.join('')).not.toContain('proxy-secret-pw');
    expect(JSON.stringify(notifier.alertmanagerConfig())).not.toContain('proxy-secret-pw');
  });

  it('a proxy refusing the credentials is a permanent failure (407)', async () => {
    const receiver = await startRecordingServer();
    env.cleanups.push(() => receiver.stop());
    const forward = await proxy({ user: 'relay', password: 'right' });
    const notifier = await open(webhookConfig(receiver.url('/hook'), { proxy_url: forward.url('relay:wrong') }));
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => notifier.deadLetters().length === 1, 'the dead letter');
    expect(notifier.deadLetters()[0]!.reason).toBe('http_407');
    expect(receiver.requests).toEqual([]);
  });

  it('tunnels HTTPS with CONNECT, sending proxy_connect_header, and verifies the receiver through the tunnel', async () => {
    const receiver = await https();
    const forward = await proxy();
    const http = {
      proxy_url: forward.url(),
      proxy_connect_header: { 'X-Proxy-Tenant': ['dba-team'] },
      tls_config: { ca_file: 'ca.crt' },
    };
    const notifier = await open(webhookConfig(receiver.url('/hook'), http));
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 1, 'the webhook through the tunnel');
    expect(forward.forwarded).toEqual([`127.0.0.1:${receiver.port}`]);
    expect(forward.connectHeaders[0]!['x-proxy-tenant']).toBe('dba-team');
  });

  it('no_proxy: loopback and matching destinations go direct, as Go does', async () => {
    const receiver = await startRecordingServer();
    env.cleanups.push(() => receiver.stop());
    const forward = await proxy();
    const notifier = await open(
      webhookConfig(receiver.url('/hook'), { proxy_url: forward.url(), no_proxy: 'example.com' }),
    );
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 1, 'the webhook sent directly');
    expect(forward.forwarded).toEqual([]);
  });
});

describe('oauth2', () => {
  it('fetches a client-credentials token from the token endpoint, sends it, and reuses it until it expires', async () => {
    const tokens = await startTokenServer({ id: 'pgwarden', secret: 'oauth-client-secret' });
    env.cleanups.push(() => tokens.stop());
    await writeFile(join(ca.dir, 'oauth-secret'), 'oauth-client-secret\n');
    const receiver = await startRecordingServer();
    env.cleanups.push(() => receiver.stop());
    const oauth2 = {
      client_id: 'pgwarden',
      client_secret_file: 'oauth-secret',
      token_url: tokens.tokenUrl,
      scopes: ['alerts.write', 'alerts.read'],
      endpoint_params: { audience: 'receiver' },
    };
    const { logger, lines } = capturingLogger();
    const notifier = await open(webhookConfig(receiver.url('/hook'), { oauth2 }), logger);
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 1, 'the first webhook');
    notifier.submit([firing('ReplicationLag')]);
    await waitFor(() => receiver.requests.length === 2, 'the second webhook');
    expect(receiver.requests.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-1']);
    expect(tokens.tokenRequests).toHaveLength(1);
    const form = tokens.tokenRequests[0]!;
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      scope: 'alerts.write alerts.read',
      audience: 'receiver',
    });
    expect(lines.join('')).not.toContain('oauth-client-secret');
  });

  it('asks for a new token when the cached one is about to expire', async () => {
    const tokens = await startTokenServer({ id: 'pgwarden', secret: 's3cret-value' }, 5); // within the 10 s margin
    env.cleanups.push(() => tokens.stop());
    const receiver = await startRecordingServer();
    env.cleanups.push(() => receiver.stop());
    const oauth2 = { client_id: 'pgwarden', client_secret: 's3cret-value', token_url: tokens.tokenUrl };
    const notifier = await open(webhookConfig(receiver.url('/hook'), { oauth2 }));
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 1, 'the first webhook');
    notifier.submit([firing('ReplicationLag')]);
    await waitFor(() => receiver.requests.length === 2, 'the second webhook');
    expect(receiver.requests.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });
});

describe('follow_redirects and global.http_config', () => {
  const redirecting = () =>
    startRecordingServer({
      answer(req, res) {
        if (req.path === '/old') res.writeHead(307, { location: '/new' }).end();
        else res.writeHead(200).end('{}');
      },
    });

  it('follows a redirect by default; follow_redirects: false makes the 3xx a failure', async () => {
    const receiver = await redirecting();
    env.cleanups.push(() => receiver.stop());
    const notifier = await open(
      testConfig({
        route: fastRoute('team', { group_by: ['alertname'] }),
        receivers: [
          {
            name: 'team',
            webhook_configs: [
              { url: receiver.url('/old') },
              { url: receiver.url('/old'), http_config: { follow_redirects: false } },
            ],
          },
        ],
      }),
    );
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => notifier.deadLetters().length === 1, 'the refused redirect');
    await settle(200);
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/new', '/old', '/old']);
    expect(notifier.deadLetters()[0]!.reason).toBe('http_307');
  });

  it('global.http_config applies to every receiver without its own; a receiver’s own replaces it whole', async () => {
    const receiver = await startRecordingServer();
    env.cleanups.push(() => receiver.stop());
    const notifier = await open(
      testConfig({
        global: { http_config: { authorization: { credentials: 'global-token' } } },
        route: fastRoute('team'),
        receivers: [
          {
            name: 'team',
            webhook_configs: [
              { url: receiver.url('/default') },
              { url: receiver.url('/own'), http_config: { basic_auth: { username: 'u', password: 'p' } } },
            ],
          },
        ],
      }),
    );
    notifier.submit([firing('DiskFull')]);
    await waitFor(() => receiver.requests.length === 2, 'both webhooks');
    const byPath = Object.fromEntries(receiver.requests.map((r) => [r.path, r.headers.authorization]));
    expect(byPath).toEqual({ '/default': 'Bearer global-token', '/own': `Basic ${btoa('u:p')}` });
  });
});

describe('files named by http_config', () => {
  it('a missing ca_file is a config error naming the field path', async () => {
    const config = webhookConfig('https://127.0.0.1:1/hook', { tls_config: { ca_file: 'missing-ca.crt' } });
    await expect(resolveAlertingSecrets(config, ca.dir)).rejects.toThrow(
      /^alerting\.receivers\[0\]\.webhook_configs\[0\]\.http_config\.tls_config\.ca_file: cannot read secret file/,
    );
  });

  it('a key_file that is not a key is a config error that does not show the file', async () => {
    await writeFile(join(ca.dir, 'not-a-key'), 'super-secret-not-pem');
    const tls = { ca_file: 'ca.crt', cert_file: 'pgwarden-client.crt', key_file: 'not-a-key' };
    const config = webhookConfig('https://127.0.0.1:1/hook', { tls_config: tls });
    const error = await resolveAlertingSecrets(config, ca.dir).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /webhook_configs\[0\]\.http_config\.tls_config\.key_file: not a usable PEM private key/,
    );
    expect(String(error)).not.toContain('super-secret');
  });
});
