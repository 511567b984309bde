import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { runCli } from '../support/agent-process.js';
import { FEATURE_RULES } from '../support/rule-unit-tests.js';

// The shipped rule pack and its unit tests against Prometheus's own promtool: the same files pass `promtool check
// rules` and `promtool test rules` as in `pgwarden rules check/test`, and a wrong expectation fails in both alike.
const RULES_DIR = path.join(packageRoot(), 'alert-rules');
const RULE_FILES = ['postgres.rules.yml', 'backups.rules.yml', 'serverlog.rules.yml', 'pgwarden.rules.yml'];
const TEST_FILES = [
  'postgres.rules.test.yml',
  'backups.rules.test.yml',
  'serverlog.rules.test.yml',
  'pgwarden.rules.test.yml',
];

// Expectations that are wrong on purpose, so that both tools print what they got.
const FEATURE_TESTS = `rule_files: [rules.yml]
evaluation_interval: 1m
group_eval_order: [second, first]
tests:
  - name: wrong on purpose
    interval: 1m
    external_labels: { site: berlin }
    external_url: http://prom.example
    input_series:
      - series: 'up{instance="db1"}'
        values: '1 0 0 0 1 1 1'
      - series: 'up{instance="db2"}'
        values: '0 0 stale 0 0 0 0'
      - series: 'x'
        values: '0 0 6 6 _ 7 stale'
      - series: 'c{kind="a"}'
        values: '0+7x10'
      - series: 'c{kind="b"}'
        values: '5+1.5x10'
      - series: 'd'
        values: '0+3x10'
    alert_rule_test:
      - eval_time: 2m
        alertname: Doubled
        exp_alerts: []
      - eval_time: 3m30s
        alertname: Doubled
        exp_alerts: []
      - eval_time: 3m
        alertname: Down
        exp_alerts: []
      - eval_time: 5m
        alertname: Down
        exp_alerts: []
      - eval_time: 5m
        alertname: Flapping
        exp_alerts: []
      - eval_time: 6m
        alertname: Flapping
        exp_alerts:
          - exp_labels: { instance: db1 }
      - eval_time: 6m
        alertname: Ratio
        exp_alerts: []
    promql_expr_test:
      - expr: ALERTS_FOR_STATE
        eval_time: 5m
      - expr: x:doubled
        eval_time: 4m
      - expr: x:doubled
        eval_time: 6m
      - expr: sum(up) / 3
        eval_time: 5m
      - expr: time()
        eval_time: 3m
      - expr: rate(c[5m])
        eval_time: 6m
        exp_samples:
          - labels: 'c{kind="a"}'
            value: 0.116
`;

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

  it('a test file using every feature reports the same failures in both', async () => {
    const featureDir = path.join(dir, 'features');
    await mkdir(featureDir);
    await writeFile(path.join(featureDir, 'rules.yml'), FEATURE_RULES);
    const testFile = path.join(featureDir, 't.test.yml');
    await writeFile(testFile, FEATURE_TESTS);
    const theirs = promtool(['test', 'rules', testFile], featureDir);
    const ours = await runCli(['rules', 'test', testFile]);
    expect(theirs.status).toBe(1);
    expect(theirs.stderr).toContain('got: {kind="a"} 1.1666666666666667E-01, {kind="b"} 2.5E-02');
    expect(ours.code).toBe(1);
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
    // Every shipped rule is exported: the count is the shipped files' own, as promtool counts it.
    const shipped = await Promise.all(
      RULE_FILES.map(
        async (f) => (await readFile(path.join(RULES_DIR, f), 'utf8')).match(/^\s+- (alert|record):/gm) ?? [],
      ),
    );
    expect(result.stdout).toContain(`SUCCESS: ${shipped.flat().length} rules found`);
    expect(shipped.flat().length).toBeGreaterThanOrEqual(55);
  });
});
