// `pgwarden check --agent` against an agent with TLS and basic auth (its web config): credentials from a file or the
// URL, the agent's CA trusted by --agent.ca-file, and no credential in any output, whatever fails.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startAgent, type AgentProcess } from '../support/agent-process.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { selfSignedCertificate, type CertificateFiles } from '../support/tls.js';

const USER = 'nagios';
const PASSWORD = 'Pa55:w@rd-4711';

describe('pgwarden check --agent with TLS and basic auth', () => {
  let agent: AgentProcess;
  let tls: CertificateFiles;
  let base: string;
  let authFile: string;
  let yamlAuthFile: string;

  beforeAll(async () => {
    tls = selfSignedCertificate();
    const webConfig = path.join(tls.dir, 'web.yml');
    writeFileSync(
      webConfig,
      [
        'tls_server_config:',
        `  cert_file: ${path.basename(tls.certFile)}`,
        `  key_file: ${path.basename(tls.keyFile)}`,
        'basic_auth_users:',
        `  ${USER}: '${bcrypt.hashSync(PASSWORD, 6)}'`,
        '',
      ].join('\n'),
    );
    authFile = path.join(tls.dir, 'agent-auth');
    writeFileSync(authFile, `${USER}:${PASSWORD}\n`);
    yamlAuthFile = path.join(tls.dir, 'agent-auth.yml');
    writeFileSync(yamlAuthFile, `username: ${USER}\npassword: '${PASSWORD}'\n`);
    const config = path.join(tls.dir, 'pgwarden.yml');
    writeFileSync(config, 'collection_interval: 1s\nevaluation_interval: 1s\nstate_dir: state\n');
    agent = await startAgent(
      ['--config', config, '--web.listen-address=127.0.0.1:0', `--web.config.file=${webConfig}`],
      { DATABASE_URL: testDatabaseUrl() },
    );
    base = agent.url.replace(/^http:/, 'https:');
  });
  afterAll(async () => {
    await agent?.stop();
    if (tls) rmSync(tls.dir, { recursive: true, force: true });
  });

  const noSecret = (run: { stdout: string; stderr: string }) => {
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stdout + run.stderr).not.toContain(encodeURIComponent(PASSWORD));
  };

  it('authenticates with --agent.basic-auth-file and trusts the agent by --agent.ca-file', async () => {
    for (const file of [authFile, yamlAuthFile]) {
      const run = await runCli([
        'check',
        '--agent',
        base,
        '--agent.basic-auth-file',
        file,
        '--agent.ca-file',
        tls.certFile,
        '--disk',
      ]);
      noSecret(run);
      expect(run.stdout).toMatch(/^POSTGRES (OK|WARNING|CRITICAL) - /);
      expect([0, 1, 2]).toContain(run.code);
      // The agent's answer carries the report sections built from its metrics.
      expect(run.stdout).toContain('\nDatabase sizes:\n');
    }
  });

  it('moves credentials from the URL to a header and never prints them', async () => {
    const url = base.replace('https://', `https://${USER}:${encodeURIComponent(PASSWORD)}@`);
    const run = await runCli(['check', '--agent', url, '--agent.ca-file', tls.certFile, '--connections', '--json']);
    noSecret(run);
    const doc = JSON.parse(run.stdout) as { status: string; report: { name: string; note?: string }[] };
    expect(['OK', 'WARNING', 'CRITICAL']).toContain(doc.status);
    expect(doc.report.find((s) => s.name === 'active_queries')?.note).toMatch(/local check only/);
  });

  it('is UNKNOWN, without credentials in the output, for a wrong password, a missing CA or a plain connection', async () => {
    const wrong = base.replace('https://', `https://${USER}:not-${encodeURIComponent(PASSWORD)}@`);
    const refused = await runCli(['check', '--agent', wrong, '--agent.ca-file', tls.certFile]);
    noSecret(refused);
    expect([refused.code, refused.stdout]).toEqual([
      3,
      `POSTGRES UNKNOWN - the agent at ${base} answered HTTP 401 without a check document (credentials missing or refused: --agent.basic-auth-file)\n`,
    ]);
    const untrusted = await runCli(['check', '--agent', base, '--agent.basic-auth-file', authFile, '-t', '5']);
    noSecret(untrusted);
    expect(untrusted.code).toBe(3);
    expect(untrusted.stdout).toMatch(
      /^POSTGRES UNKNOWN - cannot reach the agent at https:\/\/127\.0\.0\.1:\d+: \w*(CERT|SIGNED)\w*/,
    );
    const badFile = await runCli(['check', '--agent', base, '--agent.basic-auth-file', tls.certFile]);
    noSecret(badFile);
    expect(badFile.code).toBe(3);
    expect(badFile.stdout).toContain('expected one line "user:password"');
    expect(badFile.stdout).not.toContain('BEGIN CERTIFICATE');
  });
});
