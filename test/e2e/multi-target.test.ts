import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { closedPortUrl, targetLines, writeConfigFile } from '../support/config-file.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { startSilentServer, type SilentServer } from '../support/silent-server.js';

async function pgUp(url: string): Promise<number | undefined> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return samplesOf(parseExposition(await response.text()), 'pg_up')[0]?.value;
}

describe('several targets in one agent, each collected on its own', () => {
  let agent: AgentProcess;
  let silent: SilentServer;
  beforeAll(async () => {
    silent = await startSilentServer();
    const file = writeConfigFile([
      ...targetLines([
        ['good', testDatabaseUrl()],
        ['closed', await closedPortUrl()],
        // Accepts TCP and never answers: only its connect timeout would end the wait.
        ['hanging', `postgresql://monitor@127.0.0.1:${silent.port}/postgres`],
      ]),
      '    connect_timeout: 5m',
    ]);
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
  });
  afterAll(async () => {
    await agent?.stop('SIGKILL');
    await silent?.close();
  });

  it('gives pg_up 1 for the reachable target and pg_up 0 for the closed port', async () => {
    expect(await pgUp(`${agent.url}/probe?target=good`)).toBe(1);
    expect(await pgUp(`${agent.url}/probe?target=closed`)).toBe(0);
    expect((await fetch(`${agent.url}/probe?target=nope`)).status).toBe(404);
    expect((await fetch(`${agent.url}/probe`)).status).toBe(400);
  });

  it('answers for the good target while the hanging one is still connecting', async () => {
    let hangingAnswered = false;
    const hanging = fetch(`${agent.url}/probe?target=hanging`).then(() => (hangingAnswered = true));
    hanging.catch(() => undefined);
    expect(await pgUp(`${agent.url}/probe?target=good`)).toBe(1);
    expect(await pgUp(`${agent.url}/probe?target=closed`)).toBe(0);
    expect(hangingAnswered).toBe(false);
  });

  it('stops on SIGTERM even with a collection stuck in connect, and says which step it gave up on', async () => {
    expect(await agent.stop('SIGTERM')).toBe(0);
    expect(agent.output()).toMatch(/"step":"collection","phase":"producers","outcome":"timed out"/);
  }, 30_000);
});
