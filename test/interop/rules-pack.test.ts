import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { runCli } from '../support/agent-process.js';

// The shipped rule pack and its unit tests against Prometheus's own promtool: the same files pass `promtool check
// rules` and `promtool test rules` as in `pgwarden rules check/test`, and a wrong expectation fails in both alike.
const RULES_DIR = path.join(packageRoot(), 'alert-rules');
const RULE_FILES = ['postgres.rules.yml', 'backups.rules.yml'];
const TEST_FILES = ['postgres.rules.test.yml', 'backups.rules.test.yml'];

function promtool(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  expect(result.error, 'promtool must be installed (Debian package prometheus)').toBeUndefined();
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('shipped alert rules against promtool', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-rule-pack-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('promtool check rules accepts the shipped files', () => {
    const result = promtool(['check', 'rules', ...RULE_FILES], RULES_DIR);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the unit tests pass in promtool and in pgwarden', async () => {
    const theirs = promtool(['test', 'rules', ...TEST_FILES], RULES_DIR);
    expect(theirs.stderr).toBe('');
    expect(theirs.status).toBe(0);
    const ours = await runCli(['rules', 'test', ...TEST_FILES.map((f) => path.join(RULES_DIR, f))]);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
  });

  it('a deliberately wrong expectation fails in both, with the same report', async () => {
    for (const file of [...RULE_FILES, ...TEST_FILES]) await copyFile(path.join(RULES_DIR, file), path.join(dir, file));
    const testFile = path.join(dir, 'postgres.rules.test.yml');
    const text = await readFile(testFile, 'utf8');
    // PostgresDown is critical; expect warning instead in its first firing case.
    const broken = text.replace(
      /(alertname: PostgresDown\n\s+exp_alerts:\n[\s\S]*?severity: ')critical'/,
      "$1warning'",
    );
    expect(broken).not.toBe(text);
    await writeFile(testFile, broken);

    const theirs = promtool(['test', 'rules', testFile], dir);
    const ours = await runCli(['rules', 'test', testFile]);
    expect(theirs.status).toBe(1);
    expect(ours.code).toBe(1);
    expect(theirs.stderr).toContain('alertname: PostgresDown, time: 3m');
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it('rules export writes rule files promtool accepts', async () => {
    const stdout = await runCli(['rules', 'export']);
    expect(stdout.code).toBe(0);
    await writeFile(path.join(dir, 'exported.yml'), stdout.stdout);
    const out = path.join(dir, 'out');
    expect((await runCli(['rules', 'export', '--output', out])).code).toBe(0);
    const result = promtool(['check', 'rules', 'exported.yml', ...RULE_FILES.map((f) => path.join('out', f))], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('SUCCESS: 35 rules found');
  });
});
