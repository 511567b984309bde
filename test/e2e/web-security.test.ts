import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually } from '../support/eventually.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { request } from '../support/http-client.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { selfSignedCertificate, type CertificateFiles } from '../support/tls.js';

const PASSWORD = 'scrape-Pa55word';

describe('the web config: TLS, basic auth and headers (exporter-toolkit format)', () => {
  let agent: AgentProcess;
  let server: CertificateFiles;
  let base: string;
  beforeAll(async () => {
    server = selfSignedCertificate();
    const webConfig = path.join(server.dir, 'web.yml');
    writeFileSync(
      webConfig,
      [
        'tls_server_config:',
        `  cert_file: ${path.basename(server.certFile)}`,
        `  key_file: ${path.basename(server.keyFile)}`,
        '  min_version: TLS12',
        'http_server_config:',
        '  headers:',
        '    X-Frame-Options: deny',
        '    X-Content-Type-Options: nosniff',
        'basic_auth_users:',
        `  prometheus: '${bcrypt.hashSync(PASSWORD, 8)}'`,
        '',
      ].join('\n'),
    );
    agent = await startAgent(['serve', '--web.listen-address=127.0.0.1:0', `--web.config.file=${webConfig}`], {
      DATABASE_URL: testDatabaseUrl(),
    });
    base = agent.url.replace(/^http:/, 'https:');
  });
  afterAll(async () => {
    await agent?.stop();
  });

  const get = (p: string, auth?: string, method = 'GET') =>
    request(`${base}${p}`, { ca: server.cert, method, ...(auth ? { auth } : {}) });

  it('asks for credentials on every endpoint, the state-changing ones included', async () => {
    for (const [p, method] of [
      ['/metrics', 'GET'],
      ['/probe?target=x', 'GET'],
      ['/', 'GET'],
      ['/-/healthy', 'GET'],
      ['/-/ready', 'GET'],
      ['/-/reload', 'POST'],
      ['/api/v2/silences', 'POST'],
      ['/no-such-path', 'GET'],
    ] as const) {
      const response = await get(p, undefined, method);
      expect([p, response.status]).toEqual([p, 401]);
      expect(response.headers['www-authenticate']).toBe('Basic');
      expect(response.headers['x-frame-options']).toBe('deny');
    }
  });

  it('refuses a wrong password and an unknown user', async () => {
    expect((await get('/metrics', 'prometheus:wrong')).status).toBe(401);
    expect((await get('/metrics', `mallory:${PASSWORD}`)).status).toBe(401);
    expect((await get('/metrics', 'prometheus:')).status).toBe(401);
  });

  it('serves the right credentials over TLS, with the configured headers', async () => {
    const response = await get('/metrics', `prometheus:${PASSWORD}`);
    expect(response.status).toBe(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(samplesOf(parseExposition(response.body), 'pg_up')[0]?.value).toBe(1);
    // Scrapers repeat their credentials: the second check is answered from the cache, with the same outcome.
    expect((await get('/metrics', `prometheus:${PASSWORD}`)).status).toBe(200);
    expect((await get('/-/reload', `prometheus:${PASSWORD}`, 'POST')).status).toBe(200);
  });

  it('does not answer plain HTTP on the TLS port, nor a client that does not trust the certificate', async () => {
    await expect(request(`${agent.url}/metrics`)).rejects.toThrow();
    await expect(request(`${base}/-/healthy`)).rejects.toThrow(/self[- ]signed/i);
  });

  it('takes new users from the web config on SIGHUP, without a restart', async () => {
    const webConfig = path.join(server.dir, 'web.yml');
    const text = readFileSync(webConfig, 'utf8');
    writeFileSync(webConfig, text.replace(/ {2}prometheus: .*/, `  grafana: '${bcrypt.hashSync('rotated-Pa55', 6)}'`));
    try {
      agent.child.kill('SIGHUP');
      await eventually(async () => (await get('/-/healthy', 'grafana:rotated-Pa55')).status === 200);
      expect((await get('/-/healthy', `prometheus:${PASSWORD}`)).status).toBe(401);
    } finally {
      writeFileSync(webConfig, text);
    }
  });

  it('says it serves https and never logs the password', () => {
    expect(agent.output()).toContain('"protocol":"https"');
    expect(agent.output()).not.toContain(PASSWORD);
  });
});

describe('client certificates (RequireAndVerifyClientCert)', () => {
  let agent: AgentProcess;
  let server: CertificateFiles;
  let client: CertificateFiles;
  let base: string;
  beforeAll(async () => {
    server = selfSignedCertificate();
    client = selfSignedCertificate('scraper', server.dir);
    const webConfig = path.join(server.dir, 'web-mtls.yml');
    writeFileSync(
      webConfig,
      [
        'tls_server_config:',
        `  cert_file: ${server.certFile}`,
        `  key_file: ${server.keyFile}`,
        '  client_auth_type: RequireAndVerifyClientCert',
        `  client_ca_file: ${client.certFile}`,
        '',
      ].join('\n'),
    );
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', `--web.config.file=${webConfig}`], {
      DATABASE_URL: testDatabaseUrl(),
    });
    base = agent.url.replace(/^http:/, 'https:');
  });
  afterAll(async () => {
    await agent?.stop();
  });

  it('serves a client that presents a certificate from the client CA, and no other', async () => {
    const withCert = await request(`${base}/-/healthy`, {
      ca: server.cert,
      cert: client.cert,
      key: readFileSync(client.keyFile, 'utf8'),
    });
    expect(withCert.status).toBe(200);
    await expect(request(`${base}/-/healthy`, { ca: server.cert })).rejects.toThrow();
    const stranger = selfSignedCertificate('stranger', server.dir);
    await expect(
      request(`${base}/-/healthy`, {
        ca: server.cert,
        cert: stranger.cert,
        key: readFileSync(stranger.keyFile, 'utf8'),
      }),
    ).rejects.toThrow();
  });
});

describe('a broken web config', () => {
  it('stops the start with file:line and exit code 1', async () => {
    const dir = selfSignedCertificate().dir;
    const webConfig = path.join(dir, 'bad-web.yml');
    writeFileSync(webConfig, 'basic_auth_users:\n  alice: plain-text-password\n');
    const { runCli } = await import('../support/agent-process.js');
    const result = await runCli([`--web.config.file=${webConfig}`], { DATABASE_URL: testDatabaseUrl() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${webConfig}:2:10: basic_auth_users.alice: not a bcrypt hash`);
    expect(result.stderr).not.toContain('plain-text-password');
  });
});
