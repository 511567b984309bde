import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../../src/agent/agent-config.js';
import { ConfigError } from '../../../src/config/load.js';
import { flapDetectionSchema, flapPolicy } from '../../../src/flap/config.js';
import { flapSettingsFor } from '../../../src/flap/policy.js';

const MIN = 60_000;
const policy = flapPolicy(
  flapDetectionSchema.parse({
    window: '1h',
    high_changes: 6,
    low_changes: 2,
    overrides: [
      { matchers: ['alertname=~"Replication.*"'], disabled: true },
      { matchers: ['severity="critical"', 'instance="db1"'], high_changes: 10 },
      { matchers: ['{severity="critical"}'], high_changes: 4, low_changes: 0, window: '15m' },
    ],
  }),
);

describe('flap thresholds per alert', () => {
  it.each([
    ['no override matches: the global ones', { alertname: 'Bloat', severity: 'warning' }, [60, 6, 2]],
    ['disabled by the first match', { alertname: 'ReplicationLag', severity: 'critical' }, undefined],
    [
      'every matcher of an override must match',
      { alertname: 'Down', severity: 'critical', instance: 'db1' },
      [60, 10, 2],
    ],
    ['first match wins; absent fields from the global ones', { alertname: 'Down', severity: 'critical' }, [15, 4, 0]],
    ['a label with an empty value is no label', { alertname: 'Replication', severity: '' }, undefined],
  ])('%s', (_what, labels, expected) => {
    const settings = flapSettingsFor(policy, labels);
    expect(settings && [settings.windowMs / MIN, settings.highChanges, settings.lowChanges]).toEqual(expected);
  });

  it('without flap_detection no alert flaps', () => {
    expect(flapSettingsFor(flapPolicy(undefined), { alertname: 'X' })).toBeUndefined();
  });
});

describe('flap_detection config errors name the field', () => {
  const problems = (yaml: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-flap-'));
    const file = path.join(dir, 'pgwarden.yml');
    writeFileSync(
      file,
      `targets:\n  - name: main\n    url: postgresql://mon@db/app\nalerting:\n  flap_detection:\n${yaml}`,
    );
    try {
      loadAgentConfig(file, {});
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.map((p) => p.replace(file, 'F'));
      throw error;
    }
    return [];
  };
  const base = '    window: 1h\n    high_changes: 6\n    low_changes: 2\n';

  it.each([
    [
      'an override whose low_changes reaches the global high_changes',
      `${base}    overrides:\n      - matchers: ['severity="critical"']\n        low_changes: 6\n`,
      /F:11:\d+: alerting\.flap_detection\.overrides\.0\.low_changes: low_changes \(6\) must be less than high_changes \(6\)/,
    ],
    [
      'an override whose high_changes falls to the global low_changes',
      `${base}    overrides:\n      - matchers: ['x="y"']\n      - matchers: ['severity="critical"']\n        high_changes: 2\n`,
      /F:12:\d+: alerting\.flap_detection\.overrides\.1\.high_changes: low_changes \(2\) must be less than high_changes \(2\)/,
    ],
    [
      'a bad matcher',
      `${base}    overrides:\n      - matchers: ['severity=~"("']\n        high_changes: 4\n`,
      /F:10:\d+: alerting\.flap_detection\.overrides\.0\.matchers\.0: invalid regex/,
    ],
    [
      'an override without matchers',
      `${base}    overrides:\n      - matchers: []\n        disabled: true\n`,
      /alerting\.flap_detection\.overrides\.0\.matchers: an override needs at least one matcher/,
    ],
    ['an unknown key', `${base}    overrides:\n      - matchers: ['a="b"']\n        high: 4\n`, /overrides\.0.*high/],
    [
      'the global low_changes',
      '    window: 1h\n    high_changes: 3\n    low_changes: 3\n',
      /flap_detection\.low_changes/,
    ],
  ])('%s', (_what, yaml, expected) => {
    expect(problems(yaml)).toEqual([expect.stringMatching(expected)]);
  });

  it('a valid override list loads', () => {
    expect(problems(`${base}    overrides:\n      - matchers: ['a="b"']\n        disabled: true\n`)).toEqual([]);
  });
});
