// Two agents on one state_dir would both send the same outbox: the second is refused with a clear message.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startAgent, type AgentProcess } from '../support/agent-process.js';
import { targetLines, writeConfigFile } from '../support/config-file.js';
import { testDatabaseUrl } from '../support/postgres.js';

describe('one agent per state_dir', () => {
  let agent: AgentProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
  });

  it('refuses a second agent on the same state_dir, and lets one start after the first stopped', async () => {
    const file = writeConfigFile([...targetLines([['db', testDatabaseUrl()]]), 'state_dir: state', 'rule_files: []']);
    const args = ['--config', file, '--web.listen-address=127.0.0.1:0'];
    agent = await startAgent(args, {});
    const second = await runCli(args);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/state_dir .*state is in use by another pgwarden \(pid \d+\)/);
    expect(await agent.stop()).toBe(0);
    agent = await startAgent(args, {});
  });
});
