import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/free-port.js';
import { runCli, startAgent, type AgentProcess } from '../support/agent-process.js';
import { adminQuery, dropRole, testDatabaseUrl } from '../support/postgres.js';

// Every secret the agent is given, each distinct so a leak names its source.
const SECRETS = {
  rolePassword: 'Rol3-Secret-Value-7731',
  wrongPassword: 'Wr0ng-Secret-Value-4410',
  filePassword: 'F1le-Secret-Value-9921',
  envPassword: 'Env-Secret-Value-5532',
  basicAuth: 'Basic-Secret-Value-8812',
  brokenFile: 'Broken-Secret-Value-3390',
  smtpPassword: 'Smtp-Secret-Value-1187',
  slackWebhook: 'Slack-Secret-Token-2264',
  webhookToken: 'Webhook-Secret-Token-6620',
};
const ROLE = 'pgwarden_secrets_probe';
// Roles whose passwords come only from password_file and password_env (the URL has none).
const FILE_ROLE = 'pgwarden_secrets_file';
const ENV_ROLE = 'pgwarden_secrets_env';

function urlWith(user: string, password: string | undefined): string {
  const u = new URL(testDatabaseUrl());
  u.username = user;
  u.password = password ?? '';
  return u.toString();
}

describe('secrets never reach logs, metrics, responses or errors', () => {
  let agent: AgentProcess;
  let dir: string;
  let configFile: string;
  let validConfig: string;
  const seen: string[] = [];
  const auth = `Basic ${Buffer.from(`prometheus:${SECRETS.basicAuth}`).toString('base64')}`;

  beforeAll(async () => {
    for (const [role, password] of [
      [ROLE, SECRETS.rolePassword],
      [FILE_ROLE, SECRETS.filePassword],
      [ENV_ROLE, SECRETS.envPassword],
    ]) {
      await dropRole(role as string);
      await adminQuery(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await adminQuery(`GRANT pg_monitor TO ${role}`);
    }
    // The role must authenticate with SCRAM over TCP, as a production server does: trust would hide a missing password.
    const [facts] = await adminQuery<{ methods: string[]; stored: string }>(
      `SELECT (SELECT array_agg(DISTINCT auth_method) FROM pg_hba_file_rules WHERE type = 'host') AS methods,
              (SELECT left(rolpassword, 13) FROM pg_authid WHERE rolname = $1) AS stored`,
      [ROLE],
    );
    expect(facts).toEqual({ methods: ['scram-sha-256'], stored: 'SCRAM-SHA-256' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-secrets-'));
    const closedPort = await freePort();
    writeFileSync(path.join(dir, 'pw.txt'), `${SECRETS.filePassword}\n`);
    writeFileSync(
      path.join(dir, 'web.yml'),
      `basic_auth_users:\n  prometheus: '${bcrypt.hashSync(SECRETS.basicAuth, 6)}'\n`,
    );
    validConfig = [
      'targets:',
      '  - name: good',
      `    url: ${urlWith(ROLE, SECRETS.rolePassword)}`,
      '  - name: wrong',
      `    url: ${urlWith(ROLE, SECRETS.wrongPassword)}`,
      '  - name: from-file',
      `    url: ${urlWith(FILE_ROLE, undefined)}`,
      '    password_file: pw.txt',
      '  - name: from-env',
      `    url: ${urlWith(ENV_ROLE, undefined)}`,
      '    password_env: PGWARDEN_TEST_TARGET_PASSWORD',
      'web:',
      '  config_file: web.yml',
      // Notification secrets, pointing at a closed loopback port: deliveries that fail must not echo them either.
      'alerting:',
      '  global:',
      '    smtp_from: pgwarden@example.org',
      `    smtp_smarthost: 127.0.0.1:${closedPort}`,
      '    smtp_auth_username: pgwarden',
      `    smtp_auth_password: ${SECRETS.smtpPassword}`,
      '  route:',
      '    receiver: everyone',
      '    group_wait: 1s',
      '  receivers:',
      '    - name: everyone',
      '      email_configs:',
      '        - to: dba@example.org',
      '      slack_configs:',
      `        - api_url: http://127.0.0.1:${closedPort}/services/${SECRETS.slackWebhook}`,
      '      webhook_configs:',
      `        - url: http://127.0.0.1:${closedPort}/hooks/${SECRETS.webhookToken}`,
      '',
    ].join('\n');
    configFile = path.join(dir, 'pgwarden.yml');
    writeFileSync(configFile, validConfig);
    agent = await startAgent(
      ['--web.listen-address=127.0.0.1:0', '--config', configFile, '--log.level=debug', '--web.log-requests'],
      { PGWARDEN_TEST_TARGET_PASSWORD: SECRETS.envPassword },
    );
  });
  afterAll(async () => {
    await agent?.stop();
    for (const role of [ROLE, FILE_ROLE, ENV_ROLE]) await dropRole(role);
  });

  async function visit(p: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${agent.url}${p}`, init);
    seen.push(`${p} ${response.status} ${JSON.stringify([...response.headers])}\n${await response.clone().text()}`);
    return response;
  }

  it('serves every surface (with and without credentials) and a failed and a good reload', async () => {
    const headers = { authorization: auth };
    for (const p of ['/metrics', '/', '/-/healthy', '/-/ready', '/nope', '/probe', '/api/v1/targets']) {
      await visit(p, { headers });
      await visit(p);
    }
    // The password from password_file / password_env must win over the URL's empty one (pg used to let the URL's
    // override it: "SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string").
    for (const [target, up] of [
      ['good', 1],
      ['wrong', 0],
      ['from-file', 1],
      ['from-env', 1],
    ] as const) {
      const response = await visit(`/probe?target=${target}`, { headers });
      expect(response.status).toBe(200);
      expect([target, (await response.text()).match(/^pg_up (\d)$/m)?.[1]]).toEqual([target, String(up)]);
    }
    await visit('/metrics', {
      headers: { authorization: 'Basic ' + Buffer.from('prometheus:nope').toString('base64') },
    });
    // A file that does not parse, with a secret on the broken line, and one that parses but is invalid.
    writeFileSync(configFile, `targets:\n  - name: x\n   url: "postgresql://u:${SECRETS.brokenFile}@h/d"\n`);
    expect((await visit('/-/reload', { method: 'POST', headers })).status).toBe(500);
    writeFileSync(
      configFile,
      `targets:\n  - name: x\n    url: postgresql://u:${SECRETS.brokenFile}@h/d\n    port: 1\n`,
    );
    expect((await visit('/-/reload', { method: 'POST', headers })).status).toBe(500);
    writeFileSync(configFile, validConfig);
    expect((await visit('/-/reload', { method: 'POST', headers })).status).toBe(200);
  });

  it('reports the wrong passwords as authentication failures, with the DSN masked', async () => {
    await agent.stop();
    const output = agent.output();
    expect(output).toContain('password authentication failed');
    expect(output).toContain(`${ROLE}:****@127.0.0.1`);
    expect(output).toContain('"level":"debug"');
    expect(seen.join('\n')).toContain('pg_up 1');
  });

  it.each(Object.entries(SECRETS))('does not show %s anywhere', (_name, secret) => {
    expect(agent.output()).not.toContain(secret);
    expect(seen.join('\n')).not.toContain(secret);
  });

  it('does not show a secret from a config file that fails to parse or to validate at start', async () => {
    const broken = path.join(dir, 'broken.yml');
    writeFileSync(broken, `targets:\n  - name: x\n   url: "postgresql://u:${SECRETS.brokenFile}@h/d"\n`);
    const parse = await runCli(['--config', broken]);
    writeFileSync(
      broken,
      `targets:\n  - name: x\n    url: postgresql://u:${SECRETS.brokenFile}@h/d\n    max_connections: many\n`,
    );
    const validate = await runCli(['--config', broken]);
    for (const result of [parse, validate]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/broken\.yml:\d+:\d+: /);
      expect(result.stdout + result.stderr).not.toContain(SECRETS.brokenFile);
    }
  });
});
