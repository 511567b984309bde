import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { closedPortUrl, targetLines, writeConfigFile } from '../support/config-file.js';
import { eventually } from '../support/eventually.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { testDatabaseUrl } from '../support/postgres.js';

describe('logs: logfmt, one line per change of state, no request logs by default', () => {
  let agent: AgentProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
  });

  it('logs a target going down once however many collections fail, in logfmt', async () => {
    const file = writeConfigFile([
      ...targetLines([
        ['good', testDatabaseUrl()],
        ['closed', await closedPortUrl()],
      ]),
      '    connect_timeout: 1s',
      'collection_interval: 1s',
    ]);
    // startAgent finds the address in JSON logs; logfmt is checked on a second agent below.
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
    const collections = async () =>
      samplesOf(
        parseExposition(await (await fetch(`${agent?.url}/probe?target=good`)).text()),
        'pgwarden_collections_total',
      )[0]?.value ?? 0;
    await eventually(async () => (await collections()) >= 4);
    const output = agent.output();
    expect(output.match(/target is down/g)).toHaveLength(1);
    expect(output.match(/target is up/g)).toHaveLength(1);
    expect(output).not.toContain('http request');
  });

  it('writes logfmt lines with --log.format=logfmt, and request lines at debug with --web.log-requests', async () => {
    await agent?.stop();
    agent = undefined;
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../support/agent-process.js');
    const child = spawn(
      process.execPath,
      [CLI, '--web.listen-address=127.0.0.1:0', '--log.format=logfmt', '--log.level=debug', '--web.log-requests'],
      { env: { PATH: process.env.PATH, DATABASE_URL: testDatabaseUrl() }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await eventually(() => /msg="pgwarden is serving metrics" address=\S+/.test(output));
      const address = /msg="pgwarden is serving metrics" address=(\S+)/.exec(output)?.[1];
      expect((await fetch(`http://${address}/-/healthy?x=1`)).status).toBe(200);
      await eventually(() => output.includes('msg="http request"'));
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const lines = output.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^ts=\S+Z level=(debug|info|warn|error) msg=/);
    expect(output).toMatch(/level=debug msg="http request" method=GET path=\/-\/healthy status=200 ms=\d+/);
    expect(output).not.toContain('x=1');
  });
});
