import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../../../src/paths.js';
import { parseRuleFile } from '../../../src/rules/load.js';
import { parseUnitTestFile } from '../../../src/rules/unit-test/test-file.js';

// Policy of the shipped rule pack: what every alert must carry, and that every alert and severity is tested both
// firing and quiet and documented.
const dir = path.join(packageRoot(), 'alert-rules');
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
const RULE_FILES = ['postgres.rules.yml', 'backups.rules.yml', 'serverlog.rules.yml', 'pgwarden.rules.yml'];
const rules = RULE_FILES.flatMap((file) => {
  const { groups, problems } = parseRuleFile(file, read(file));
  expect(problems).toEqual([]);
  return groups.flatMap((g) => g.rules).filter((r) => r.kind === 'alert');
});
const tests = [
  'postgres.rules.test.yml',
  'backups.rules.test.yml',
  'serverlog.rules.test.yml',
  'pgwarden.rules.test.yml',
].flatMap((file) => {
  const { test, problems } = parseUnitTestFile(file, read(file));
  expect(problems).toEqual([]);
  expect(test?.ruleFiles).toEqual([file.replace('.test.yml', '.yml')]);
  return test?.tests.flatMap((t) => t.alertRuleTests) ?? [];
});

const REQUIRED = [
  'PostgresDown',
  'PostgresCollectorFailing',
  'PostgresRestarted',
  'PostgresCacheHitRatioLow',
  'PostgresConnectionsHigh',
  'PostgresLongRunningTransaction',
  'PostgresIdleInTransaction',
  'PostgresLockWaits',
  'PostgresDeadlocks',
  'PostgresHighRollbackRate',
  'PostgresReplicationLag',
  'PostgresReplicationSlotInactive',
  'PostgresReplicationSlotWalRetained',
  'PostgresWraparound',
  'PostgresDeadTuplesHigh',
  'PostgresNotVacuumed',
  'PostgresArchiverFailing',
  'PostgresWalArchiveStale',
  'PostgresBackupStale',
  'PostgresBackupMissing',
  'PostgresBackupFailed',
  'PostgresBackupRetentionNotApplied',
  'PostgresBackupDiskSpaceLow',
  'PostgresBackupRestoreTestFailed',
  'PostgresBackupRestoreTestStale',
  'PostgresBackupOffsiteMissing',
  'PostgresBackupOffsiteMismatch',
  'PostgresBackupOffsiteStale',
  'PostgresBackupOffsiteDown',
  'PostgresSlowQueries',
  'PostgresPendingRestart',
  'PostgresCheckpointsTooFrequent',
  'PostgresLogPanicOrCrash',
  'PostgresLogFatalBurst',
  'PostgresLogFailedLogins',
  'PostgresLogOutOfDiskOrMemory',
  'PostgresLogDeadlocks',
  'PostgresLogCheckpointsTooFrequent',
  'PostgresLogArchiveFailing',
  'PostgresLogUnreadable',
  'Watchdog',
  'PgwardenRuleEvaluationFailing',
  'PgwardenNotificationsDeadLettered',
  'PgwardenOutboxStuck',
];

describe('shipped rule pack', () => {
  it('has every alert the design asks for', () => {
    expect(new Set(rules.map((r) => r.name))).toEqual(new Set(REQUIRED));
  });

  it.each(rules.map((r) => [`${r.name} (${r.labels.severity ?? 'no severity'})`, r] as const))(
    '%s has a severity and a summary, a description and a runbook with first commands and a fix',
    (_name, rule) => {
      // Watchdog alone has severity none (kube-prometheus's): it must never page anyone.
      if (rule.name === 'Watchdog') expect(rule.labels.severity).toBe('none');
      else expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
      expect(Object.keys(rule.annotations).sort()).toEqual(['description', 'runbook', 'summary']);
      expect(rule.annotations.description).toMatch(/Thresholds?:/);
      expect(rule.annotations.runbook).toMatch(/\nFirst: .+\nFix: /);
    },
  );

  it.each(rules.map((r) => [r.name, r.labels.severity ?? ''] as const))(
    '%s (%s) is tested firing, and the alert is tested quiet',
    (name, severity) => {
      const cases = tests.filter((t) => t.alertname === name);
      expect(cases.some((t) => t.expAlerts.some((a) => a.labels.severity === severity))).toBe(true);
      // Watchdog is never quiet: that is its point.
      if (name !== 'Watchdog') expect(cases.some((t) => t.expAlerts.length === 0)).toBe(true);
    },
  );

  it('documents every alert in docs/alerts.md', () => {
    const doc = readFileSync(path.join(packageRoot(), 'docs', 'alerts.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| (Postgres\w+|Pgwarden\w+|Watchdog) \| ([a-z /]+) \|/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    const severities = new Map<string, string[]>();
    for (const r of rules) severities.set(r.name, [...(severities.get(r.name) ?? []), r.labels.severity ?? '']);
    expect(Object.fromEntries(documented)).toEqual(
      Object.fromEntries([...severities].map(([name, list]) => [name, list.join(' / ')])),
    );
  });

  it('parses as plain YAML too (no tags or merge keys only pgwarden would read)', () => {
    for (const file of RULE_FILES)
      expect((parse(read(file)) as { groups: unknown[] }).groups.length).toBeGreaterThan(0);
  });
});
