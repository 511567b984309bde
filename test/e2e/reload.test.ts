import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { launcherNodeFlags } from '../../src/cli/node-flags.js';
import { CLI, startAgent, type AgentProcess } from '../support/agent-process.js';
import { closedPortUrl, targetLines, writeConfigFile } from '../support/config-file.js';
import { eventually } from '../support/eventually.js';
import { startReceiver } from '../support/http-receiver.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { testDatabaseUrl } from '../support/postgres.js';

const targetsYaml = (targets: Array<[string, string]>) => [...targetLines(targets), ''].join('\n');

describe('reloading the configuration (SIGHUP, POST /-/reload)', () => {
  let agent: AgentProcess;
  let file: string;
  const metrics = async () => parseExposition(await (await fetch(`${agent.url}/metrics`)).text());
  const reloadOk = async () => samplesOf(await metrics(), 'pgwarden_config_last_reload_successful')[0]?.value;

  beforeAll(async () => {
    file = writeConfigFile(
      targetLines([
        ['a', testDatabaseUrl()],
        ['b', await closedPortUrl()],
      ]),
    );
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
  });
  afterAll(async () => {
    await agent?.stop();
  });

  it('serves every target on /metrics, each series labelled with its target, each family once', async () => {
    const response = await fetch(`${agent.url}/metrics`);
    const text = await response.text();
    const up = samplesOf(parseExposition(text), 'pg_up').map((s) => [s.labels.target, s.value]);
    expect(up).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
    expect(text.match(/^# TYPE pg_up /gm)).toHaveLength(1);
    expect(samplesOf(parseExposition(text), 'pgwarden_config_last_reload_successful')[0]?.value).toBe(1);
  });

  it('adds and removes targets on SIGHUP, keeping the unchanged one', async () => {
    const before = samplesOf(await metrics(), 'pgwarden_collections_total').find((s) => s.labels.target === 'a');
    writeFileSync(
      file,
      targetsYaml([
        ['a', testDatabaseUrl()],
        ['c', testDatabaseUrl()],
      ]),
    );
    agent.child.kill('SIGHUP');
    await eventually(async () => (await fetch(`${agent.url}/probe?target=c`)).status === 200);
    expect((await fetch(`${agent.url}/probe?target=b`)).status).toBe(404);
    // Target a kept its sampler: its collection counter went on instead of starting again.
    const after = samplesOf(await metrics(), 'pgwarden_collections_total').find((s) => s.labels.target === 'a');
    expect(after?.value).toBeGreaterThanOrEqual(before?.value ?? Infinity);
    expect(agent.output()).toMatch(/"added":\["c"\],"removed":\["b"\],"changed":\[\]/);
  });

  it('keeps the running configuration when the new file is broken, and says where', async () => {
    writeFileSync(file, targetsYaml([['a', testDatabaseUrl()]]) + 'colection_interval: 5s\n');
    agent.child.kill('SIGHUP');
    await eventually(async () => (await reloadOk()) === 0);
    const response = await fetch(`${agent.url}/-/reload`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain(`${file}:4:1: colection_interval: unknown key`);
    expect(agent.output()).toContain('configuration reload failed; the running configuration stays');
    const up = samplesOf(await metrics(), 'pg_up').map((s) => s.labels.target);
    expect(up).toEqual(['a', 'c']);
  });

  it('reloads again once the file is fixed', async () => {
    writeFileSync(file, targetsYaml([['a', testDatabaseUrl()]]));
    const response = await fetch(`${agent.url}/-/reload`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await reloadOk()).toBe(1);
    expect(samplesOf(await metrics(), 'pg_up').map((s) => s.labels)).toEqual([{}]);
  });

  it('applies a change of collectors from the next collection', async () => {
    const settings = async () => (await metrics()).samples.filter((s) => s.name.startsWith('pg_settings_')).length;
    expect(await settings()).toBeGreaterThan(0);
    writeFileSync(
      file,
      targetsYaml([['a', testDatabaseUrl()]]) + 'collection_interval: 1s\ncollectors:\n  disable: [settings]\n',
    );
    expect((await fetch(`${agent.url}/-/reload`, { method: 'POST' })).status).toBe(200);
    await eventually(async () => (await settings()) === 0);
    const collectors = samplesOf(await metrics(), 'pg_scrape_collector_success').map((s) => s.labels.collector);
    expect(collectors).not.toContain('settings');
    expect(collectors).toContain('stat_database');
  });
});

describe('reloading rule files', () => {
  let agent: AgentProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
  });

  it('fails the reload with the rule file position when a rule file breaks, and recovers when it is fixed', async () => {
    const file = writeConfigFile([...targetLines([['a', testDatabaseUrl()]]), 'rule_files: [rules.yml]']);
    const rules = path.join(path.dirname(file), 'rules.yml');
    const good = 'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: pg_up == 0\n';
    writeFileSync(rules, good);
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
    writeFileSync(rules, good.replace('pg_up == 0', 'pg_up ==== 0'));
    const broken = await fetch(`${agent.url}/-/reload`, { method: 'POST' });
    expect(broken.status).toBe(500);
    expect(await broken.text()).toMatch(new RegExp(`rules and alerting: ${rules}:5:\\d+: `));
    writeFileSync(rules, good);
    expect((await fetch(`${agent.url}/-/reload`, { method: 'POST' })).status).toBe(200);
  });

  it('applies a changed rule_files list on reload', async () => {
    const file = writeConfigFile([...targetLines([['a', testDatabaseUrl()]]), 'rule_files: [rules.yml]']);
    const dir = path.dirname(file);
    writeFileSync(
      path.join(dir, 'rules.yml'),
      'groups:\n  - name: one\n    rules:\n      - alert: A\n        expr: pg_up == 0\n',
    );
    writeFileSync(
      path.join(dir, 'more.yml'),
      'groups:\n  - name: two\n    rules:\n      - alert: B\n        expr: pg_up == 0\n',
    );
    await agent?.stop();
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
    const groups = async () =>
      (
        (await (await fetch(`${agent?.url}/api/v1/rules`)).json()) as { data: { groups: { name: string }[] } }
      ).data.groups.map((g) => g.name);
    expect(await groups()).toEqual(['one']);
    writeConfigFile([...targetLines([['a', testDatabaseUrl()]]), 'rule_files: [rules.yml, more.yml]'], file);
    expect((await fetch(`${agent.url}/-/reload`, { method: 'POST' })).status).toBe(200);
    expect((await groups()).sort()).toEqual(['one', 'two']);
  });
});

describe('reloads are atomic: everything is checked first, then everything applies, or nothing', () => {
  let agent: AgentProcess | undefined;
  const receivers: Array<Awaited<ReturnType<typeof startReceiver>>> = [];
  afterAll(async () => {
    await agent?.stop();
    for (const r of receivers) await r.close();
  });

  it('applies nothing when one part refuses, and applies alerting: changes', async () => {
    const [first, second] = [await startReceiver(), await startReceiver()];
    receivers.push(first, second);
    const config = (options: { targets: Array<[string, string]>; receiver: string; url: string; extra?: string[] }) => [
      ...targetLines(options.targets),
      'evaluation_interval: 1s',
      'state_dir: state',
      'rule_files: [rules.yml]',
      'alerting:',
      `  route: { receiver: ${options.receiver}, group_wait: 1s, group_interval: 1s }`,
      '  receivers:',
      `    - { name: ${options.receiver}, webhook_configs: [{ ${options.url} }] }`,
      ...(options.extra ?? []),
    ];
    const file = writeConfigFile(
      config({ targets: [['a', testDatabaseUrl()]], receiver: 'one', url: `url: "${first.url}"` }),
    );
    const rules = path.join(path.dirname(file), 'rules.yml');
    const good = 'groups:\n  - name: g\n    rules:\n      - alert: Always\n        expr: vector(1)\n';
    writeFileSync(rules, good);
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
    const current = agent;
    await eventually(() => first.received.length > 0, 20_000);

    // A new target with a broken rule file: the reload fails and the target is not added.
    writeConfigFile(
      config({
        targets: [
          ['a', testDatabaseUrl()],
          ['c', testDatabaseUrl()],
        ],
        receiver: 'one',
        url: `url: "${first.url}"`,
      }),
      file,
    );
    writeFileSync(rules, good.replace('vector(1)', 'vector(1'));
    expect((await fetch(`${current.url}/-/reload`, { method: 'POST' })).status).toBe(500);
    expect((await fetch(`${current.url}/probe?target=c`)).status).toBe(404);

    // A secret file that does not exist (refused at start) is refused on reload too, with nothing applied.
    writeFileSync(rules, good);
    writeConfigFile(
      config({
        targets: [
          ['a', testDatabaseUrl()],
          ['c', testDatabaseUrl()],
        ],
        receiver: 'two',
        url: 'url_file: missing.url',
      }),
      file,
    );
    const missing = await fetch(`${current.url}/-/reload`, { method: 'POST' });
    expect(missing.status).toBe(500);
    expect(await missing.text()).toContain('webhook_configs[0].url_file');
    expect((await fetch(`${current.url}/probe?target=c`)).status).toBe(404);

    // All good: the target and the new receiver apply; notifications go to the new receiver only.
    writeConfigFile(
      config({
        targets: [
          ['a', testDatabaseUrl()],
          ['c', testDatabaseUrl()],
        ],
        receiver: 'two',
        url: `url: "${second.url}"`,
      }),
      file,
    );
    expect((await fetch(`${current.url}/-/reload`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${current.url}/probe?target=c`)).status).toBe(200);
    const sentBefore = first.received.length;
    await eventually(() => second.received.length > 0, 20_000);
    expect(first.received.length).toBe(sentBefore);
  });

  it('refuses a change that only a restart applies, instead of reporting success', async () => {
    const file = writeConfigFile([...targetLines([['a', testDatabaseUrl()]]), 'rule_files: []', 'state_dir: one']);
    await agent?.stop();
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
    writeConfigFile([...targetLines([['a', testDatabaseUrl()]]), 'rule_files: []', 'state_dir: two'], file);
    const response = await fetch(`${agent.url}/-/reload`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('state_dir changed: only a restart applies that');
  });

  it('refuses an empty configuration file, and warns about a rule_files glob that matches nothing', async () => {
    const file = writeConfigFile([...targetLines([['a', testDatabaseUrl()]]), 'rule_files: [rules/*.yml]']);
    await agent?.stop();
    agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', file], {});
    expect(agent.output()).toContain('rule_files pattern matches no file');
    writeFileSync(file, '');
    const response = await fetch(`${agent.url}/-/reload`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('the file is empty');
    expect((await fetch(`${agent.url}/probe?target=a`)).status).toBe(200);
  });
});

describe('SIGHUP while the agent starts', () => {
  it('does not end the process, and reloads once the agent is up', async () => {
    const file = writeConfigFile([...targetLines([['a', testDatabaseUrl()]]), 'rule_files: []']);
    const child = spawn(
      process.execPath,
      [...launcherNodeFlags(), CLI, '--web.listen-address=127.0.0.1:0', '--config', file],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise((resolve) => child.once('spawn', resolve));
    // Node's own start-up (before any of the agent's code runs) cannot catch signals: begin once the process has a
    // SIGHUP handler (Linux: bit 0 of SigCgt), as early as the agent can have one, well before it listens.
    const catchesHangup = () => {
      const mask = /SigCgt:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? '0';
      return (BigInt(`0x${mask}`) & 1n) === 1n;
    };
    await eventually(() => catchesHangup() || /serving metrics/.test(output), 30_000);
    expect(output).not.toMatch(/serving metrics/);
    const hangups = setInterval(() => child.kill('SIGHUP'), 25);
    try {
      await eventually(() => /serving metrics/.test(output) || child.exitCode !== null, 60_000);
    } finally {
      clearInterval(hangups);
    }
    expect([child.exitCode, child.signalCode]).toEqual([null, null]);
    await eventually(() => /"trigger":"SIGHUP".*configuration reloaded/.test(output), 10_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
