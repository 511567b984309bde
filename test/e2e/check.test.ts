import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { runCli, startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';

interface Doc {
  status: string;
  exit_code: number;
  msg: string;
  checks: { name: string; state: string }[];
  perfdata: Record<string, unknown>;
}

describe('GET /api/v1/check and pgwarden check --agent', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-check-e2e-'));
  const config = path.join(dir, 'pgwarden.yml');
  let agent: AgentProcess;

  beforeAll(async () => {
    const rules = path.join(packageRoot(), 'test', 'fixtures', 'check', 'for.rules.yml');
    writeFileSync(
      config,
      `collection_interval: 1s\nevaluation_interval: 1s\nrule_files: [${JSON.stringify(rules)}]\nstate_dir: state\n`,
    );
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0'], {
      DATABASE_URL: testDatabaseUrl(),
    });
  });

  afterAll(async () => {
    await agent?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (query: string) => {
    const response = await fetch(`${agent.url}/api/v1/check${query}`);
    return { status: response.status, doc: (await response.json()) as Doc };
  };

  it('serves the verdict of the running rules, honouring for', async () => {
    const firing = await eventually(
      async () => {
        const { doc } = await ask('?rule=FixtureUp');
        return doc.status === 'CRITICAL' ? doc : undefined;
      },
      30_000,
      'FixtureUp firing',
    );
    expect(firing.msg).toMatch(/^fixture: .+ is up$/);
    expect(firing.exit_code).toBe(2);
    // The same condition with `for: 1h` is pending in the agent: not a problem yet.
    const pending = await ask('?rule=FixtureSlowToFire');
    expect([pending.status, pending.doc.status, pending.doc.msg]).toEqual([200, 'OK', '1 check OK']);
  });

  it('pgwarden check --agent prints the agent verdict and exits with its code', async () => {
    const run = await runCli(['check', '--agent', agent.url, '--rule', 'FixtureUp']);
    expect(run.stdout).toMatch(/^POSTGRES CRITICAL - fixture: .+ is up\nCRITICAL: fixture: .+ is up\n$/);
    expect(run.code).toBe(2);
    const json = await runCli(['check', '--agent', agent.url, '--rule', 'FixtureSlowToFire', '--json']);
    expect([json.code, (JSON.parse(json.stdout) as Doc).status]).toEqual([0, 'OK']);
    // Run locally, the check ignores `for` (Nagios's max_check_attempts does that job): the same rule is a WARNING.
    const local = await runCli(['check', '--config', config, '--rule', 'FixtureSlowToFire'], {
      DATABASE_URL: testDatabaseUrl(),
    });
    expect([local.code, local.stdout.split('\n')[0]]).toEqual([1, 'POSTGRES WARNING - fixture: pending for an hour']);
  });

  it('answers a bad selection with 400 and UNKNOWN; an unreachable agent is UNKNOWN', async () => {
    const bad = await ask('?selection=everything');
    expect([bad.status, bad.doc.status, bad.doc.msg]).toEqual([400, 'UNKNOWN', 'unknown selection "everything"']);
    const run = await runCli(['check', '--agent', 'http://127.0.0.1:9', '-t', '2']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^POSTGRES UNKNOWN - cannot reach the agent at http:\/\/127\.0\.0\.1:9: /);
  });

  it('the built CLI: a bad flag, even a global one, is UNKNOWN with exit code 3 (JSON with --json)', async () => {
    const text = await runCli(['check', '--frobnicate']);
    expect([text.code, text.stdout]).toEqual([3, "POSTGRES UNKNOWN - usage: Unknown option '--frobnicate'\n"]);
    const json = await runCli(['check', '--json', '--log.level', 'bogus']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'UNKNOWN',
      exit_code: 3,
      msg: expect.stringMatching(/^usage: --log.level/),
    });
  });
});
