// A DSN password with quotes, a space or an @, in every DSN spelling (URL percent-encoded, URL raw, libpq keywords):
// the targets connect, and no surface shows the password — the start log line, /metrics, /probe, /api/v1/targets,
// and `check` and `doctor` when the server cannot be reached (where the driver's error is printed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/free-port.js';
import { runCli, startAgent, type AgentProcess } from '../support/agent-process.js';
import { adminQuery, dropRole, testDatabaseUrl } from '../support/postgres.js';

const ROLE = 'pgwarden_dsn_spellings';
const GOOD = `Q'uo"te sp@ce-4471`;
const UNREACHABLE = `Un're"ach sp@ce-5582`;
/** Pieces a pattern-based mask would leave behind. */
const FRAGMENTS = [GOOD, UNREACHABLE, `Q'uo`, `uo"te`, 'ce-4471', `Un're`, `e"ach`, 'ce-5582'];

const keywordQuote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function spellings(password: string, port: number): Record<string, string> {
  return {
    encoded: `postgresql://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    raw: `postgresql://${ROLE}:${password}@127.0.0.1:${port}/postgres`,
    keyword: `host=127.0.0.1 port=${port} user=${ROLE} password=${keywordQuote(password)} dbname=postgres`,
  };
}

describe('DSN passwords with quotes, spaces and @ in every spelling', () => {
  let agent: AgentProcess;
  let configFile: string;
  const seen: string[] = [];
  let good: Record<string, string>;
  let unreachable: Record<string, string>;

  beforeAll(async () => {
    await dropRole(ROLE);
    await adminQuery(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${GOOD.replace(/'/g, "''")}'`);
    await adminQuery(`GRANT pg_monitor TO ${ROLE}`);
    good = spellings(GOOD, Number(new URL(testDatabaseUrl()).port));
    unreachable = spellings(UNREACHABLE, await freePort());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-dsn-spellings-'));
    const targets = [
      ...Object.entries(good).map(([form, dsn]) => [`good-${form}`, dsn]),
      ...Object.entries(unreachable).map(([form, dsn]) => [`down-${form}`, dsn]),
    ];
    // JSON strings are YAML double-quoted scalars: every character of the DSN reaches the loader as written.
    const yaml = [
      'targets:',
      ...targets.flatMap(([name, dsn]) => [`  - name: ${name}`, `    url: ${JSON.stringify(dsn)}`]),
    ];
    configFile = path.join(dir, 'pgwarden.yml');
    writeFileSync(configFile, yaml.join('\n') + '\n');
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', configFile, '--log.level=debug'], {});
  });
  afterAll(async () => {
    await agent?.stop();
    await dropRole(ROLE);
  });

  async function visit(p: string): Promise<string> {
    const body = await (await fetch(`${agent.url}${p}`)).text();
    seen.push(`${p}\n${body}`);
    return body;
  }

  it('connects with every spelling, and serves /metrics, /probe and /api/v1/targets', async () => {
    for (const form of Object.keys(good)) {
      expect([form, /^pg_up (\d)$/m.exec(await visit(`/probe?target=good-${form}`))?.[1]]).toEqual([form, '1']);
      expect([form, /^pg_up (\d)$/m.exec(await visit(`/probe?target=down-${form}`))?.[1]]).toEqual([form, '0']);
    }
    expect(await visit('/metrics')).toMatch(/^pg_up\{[^}]*"good-raw"[^}]*\} 1$/m);
    await visit('/api/v1/targets'); // where the agent serves it; its answer joins the surfaces searched below
  });

  it('shows the DSNs masked in the start log line', () => {
    const line =
      agent
        .output()
        .split('\n')
        .find((l) => l.includes('pgwarden is serving metrics')) ?? '';
    expect(line).toContain(`${ROLE}:****@127.0.0.1`);
    expect(line).toContain(`user=${ROLE} password=**** dbname=postgres`);
  });

  it('check prints an unreachable target with its DSN masked', async () => {
    for (const form of Object.keys(unreachable)) {
      const result = await runCli(['check', '--config', configFile, '--target', `down-${form}`, '--timeout', '5']);
      seen.push(`check ${form}\n${result.stdout}${result.stderr}`);
      expect([form, result.code, result.stdout]).toEqual([form, 2, expect.stringContaining('cannot connect to')]);
    }
  });

  it('doctor prints every unreachable target with its DSN masked, from the config and from --url', async () => {
    const all = await runCli(['doctor', '--config', configFile]);
    seen.push(`doctor\n${all.stdout}${all.stderr}`);
    expect(all.stderr.match(/cannot connect to/g)).toHaveLength(3);
    for (const dsn of Object.values(unreachable)) {
      const one = await runCli(['doctor', '--url', dsn]);
      seen.push(`doctor --url\n${one.stdout}${one.stderr}`);
      expect(one.stderr).toContain('cannot connect to');
    }
  });

  it.each(FRAGMENTS)('shows no %j on any surface', async (fragment) => {
    expect(agent.output()).not.toContain(fragment);
    expect(seen.join('\n')).not.toContain(fragment);
  });
});
