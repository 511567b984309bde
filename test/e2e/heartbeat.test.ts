// The heartbeat against a real target and a loopback HTTP receiver: called while the agent collects, silent once the
// target's database is gone, called again when it is back. The URL comes from a file and is never logged.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { writeConfigFile } from '../support/config-file.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { adminQuery, createDatabase } from '../support/postgres.js';

const DATABASE = 'pgwarden_heartbeat';

describe('heartbeat', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let agent: AgentProcess;
  let secretUrl: string;
  const calls = () => receiver.received.filter((r) => r.path.startsWith('/ping/')).length;
  const healthy = async () => {
    const families = parseExposition(await (await fetch(`${agent.url}/metrics`)).text());
    return samplesOf(families, 'pgwarden_heartbeat_healthy')[0]?.value;
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    secretUrl = receiver.url.replace(/\/hook$/, '/ping/3f1c-secret-check-uuid');
    const url = await createDatabase(DATABASE);
    const config = writeConfigFile([
      'targets:',
      '  - name: db1',
      `    url: ${url}`,
      'collection_interval: 1s',
      'evaluation_interval: 1s',
      'rule_files: [rules.yml]',
      'state_dir: state',
      'alerting:',
      '  heartbeat: { url_file: heartbeat-url, interval: 1s, method: POST }',
    ]);
    const dir = path.dirname(config);
    writeFileSync(path.join(dir, 'heartbeat-url'), `${secretUrl}\n`);
    writeFileSync(
      path.join(dir, 'rules.yml'),
      'groups:\n  - name: watchdog\n    rules:\n      - alert: Watchdog\n        expr: vector(1)\n',
    );
    agent = await startAgent(['--config', config, '--web.listen-address=127.0.0.1:0', '--log.level=debug'], {});
  });

  afterAll(async () => {
    await agent?.stop();
    await receiver?.close();
    await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  });

  it('calls the URL while the agent collects and evaluates', async () => {
    await eventually(() => calls() >= 3 || undefined, 30_000, 'three heartbeat calls');
    expect(await healthy()).toBe(1);
  });

  it('stops when the target database goes away, and resumes when it is back', async () => {
    await adminQuery(`DROP DATABASE "${DATABASE}" WITH (FORCE)`);
    await eventually(async () => (await healthy()) === 0 || undefined, 30_000, 'unhealthy');
    const before = calls();
    await new Promise((r) => setTimeout(r, 4000)); // four heartbeat intervals
    expect(calls()).toBe(before);
    expect(agent.output()).toMatch(/agent unhealthy: heartbeat calls stop/);
    expect(agent.output()).toMatch(/collection failing for db1/);

    await adminQuery(`CREATE DATABASE "${DATABASE}"`);
    await eventually(() => calls() > before || undefined, 30_000, 'heartbeat calls again');
    expect(await healthy()).toBe(1);
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();
    expect(metrics).toMatch(/pgwarden_heartbeat_requests_total\{result="success"\} [1-9]/);
    // The URL is the check's credential: not in the log, the metrics or the API.
    for (const text of [agent.output(), metrics, await (await fetch(`${agent.url}/api/v2/status`)).text()]) {
      expect(text).not.toContain('3f1c-secret-check-uuid');
    }
  }, 90_000);
});
