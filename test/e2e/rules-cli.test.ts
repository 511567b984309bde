import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { runCli } from '../support/agent-process.js';

// `pgwarden rules check|test|export` as a user runs it: the built CLI as a child process.
const RULES_DIR = path.join(packageRoot(), 'alert-rules');
const SHIPPED = ['postgres.rules.yml', 'backups.rules.yml', 'serverlog.rules.yml', 'pgwarden.rules.yml'].map((f) =>
  path.join(RULES_DIR, f),
);
const SHIPPED_TESTS = [
  'postgres.rules.test.yml',
  'backups.rules.test.yml',
  'serverlog.rules.test.yml',
  'pgwarden.rules.test.yml',
].map((f) => path.join(RULES_DIR, f));

describe('pgwarden rules (the built CLI)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-rules-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('check: an unsupported function fails with file:line:col', async () => {
    const file = path.join(dir, 'bad.yml');
    await writeFile(
      file,
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: my_func(0.9, rate(x[5m])) > 1\n',
    );
    const result = await runCli(['rules', 'check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:5:15: expr: unsupported PromQL construct: function "my_func"`);
  });

  it('check: the shipped rules are valid, with a summary', async () => {
    const result = await runCli(['rules', 'check', ...SHIPPED]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Checking ${SHIPPED[0]}\n  SUCCESS: 29 rules found\n`);
    expect(result.stdout).toContain(`Checking ${SHIPPED[1]}\n  SUCCESS: 14 rules found\n`);
  });

  it('test: the shipped unit tests pass', async () => {
    const result = await runCli(['rules', 'test', ...SHIPPED_TESTS]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/ {2}SUCCESS/g)).toHaveLength(SHIPPED_TESTS.length);
  });

  it('test: an unmet expectation fails and is listed', async () => {
    await writeFile(
      path.join(dir, 'r.yml'),
      'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n',
    );
    const testFile = path.join(dir, 'r.test.yml');
    await writeFile(
      testFile,
      'rule_files: [r.yml]\ntests:\n  - interval: 1m\n    input_series:\n      - series: up{instance="a"}\n' +
        "        values: '0x3'\n    alert_rule_test:\n      - eval_time: 2m\n        alertname: Down\n        exp_alerts: []\n",
    );
    const result = await runCli(['rules', 'test', testFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Unit Testing:  ${testFile}\n`);
    expect(result.stderr).toContain('  FAILED:\n    alertname: Down, time: 2m, \n        exp:[], \n        got:[\n');
    expect(result.stderr).toContain('Labels:{alertname="Down", instance="a"}');
  });

  it('export: stdout holds every shipped alert in one rule file; --output writes the files', async () => {
    const stdout = await runCli(['rules', 'export']);
    expect(stdout.code).toBe(0);
    // Files in name order: backups.rules.yml, pgwarden.rules.yml, postgres.rules.yml, serverlog.rules.yml.
    const shipped = await Promise.all([...SHIPPED].sort().map((f) => readFile(f, 'utf8')));
    const alertNames = (text: string) => [...text.matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    expect(alertNames(stdout.stdout)).toEqual(shipped.flatMap(alertNames));
    expect(alertNames(stdout.stdout)).toContain('PostgresCheckpointsTooFrequent');
    expect(stdout.stdout.match(/^groups:/gm)).toHaveLength(1);

    const out = path.join(dir, 'export');
    const written = await runCli(['rules', 'export', '--output', out]);
    expect(written.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'backups.rules.yml',
      'pgwarden.rules.yml',
      'postgres.rules.yml',
      'serverlog.rules.yml',
    ]);
    expect(await readFile(path.join(out, 'postgres.rules.yml'), 'utf8')).toBe(shipped[2]);
  });

  it('usage mistakes exit 2 with the usage', async () => {
    const none = await runCli(['rules']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('pgwarden rules check FILE...');
    expect((await runCli(['rules', 'check'])).code).toBe(2);
    expect((await runCli(['rules', 'lint', 'x'])).code).toBe(2);
  });

  it('test: a long report arrives whole through a slow pipe (no exit before stdout and stderr drain)', async () => {
    const items = Array.from(
      { length: 3000 },
      (_, i) =>
        `      - expr: vector(${i})\n        eval_time: 0m\n        exp_samples: [{ labels: '{}', value: -1 }]\n`,
    );
    const file = path.join(dir, 'long.test.yml');
    await writeFile(file, `rule_files: []\ntests:\n  - input_series: []\n    promql_expr_test:\n${items.join('')}`);
    const child = spawn(process.execPath, [path.join(packageRoot(), 'dist/src/cli/main.js'), 'rules', 'test', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Read nothing for a while, so that the pipes fill up and the writes queue inside the child.
    child.stdout.pause();
    child.stderr.pause();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    child.stderr.resume();
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(1);
    expect(stderr.length).toBeGreaterThan(200_000);
    expect(stderr).toContain('expr: "vector(2999)", time: 0s,');
    expect(stderr.match(/ {4}expr: /g)).toHaveLength(3000);
    expect(stdout).toContain(`Unit Testing:  ${file}`);
  }, 60_000);
});
