import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { expandSeriesNotation, parseSeriesLabels, SampleStore } from '../../src/promql/index.js';
import { parseRuleFile } from '../../src/rules/load.js';
import { RuleManager } from '../../src/rules/manager.js';

// Our alert state machine and group evaluation against promtool's: the firing alerts our manager reports at each
// evaluation become the expectations of a promtool unit test, which must then pass.

const RULES = `groups:
  - name: timing
    interval: 1m
    rules:
      - record: m:doubled
        expr: m * 2
      - alert: Immediate
        expr: m > 0
        annotations:
          value: "{{ $value }}"
      - alert: AfterTwoMinutes
        expr: m:doubled > 0
        for: 2m
        labels:
          severity: "{{ if gt $value 3.0 }}critical{{ else }}warning{{ end }}"
      - alert: KeepsFiring
        expr: m > 0
        keep_firing_for: 2m
`;

const SERIES: Record<string, string> = {
  'm{i="a"}': '0 1 1 1 0 0 0 0 1 1 1 1 0',
  'm{i="b"}': '1 2 _ 2 2 0 3 3 3 stale 1 1 1',
};

const EVAL_MINUTES = 12;

describe('alert timing against promtool', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-promtool-timing-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fires, holds and resolves alerts at the same evaluations as Prometheus', async () => {
    const parsed = parseRuleFile('timing.yml', RULES);
    expect(parsed.problems).toEqual([]);
    const store = new SampleStore({ retentionMs: 3_600_000 });
    const manager = new RuleManager({ store, logger: silentLogger(), evaluationIntervalMs: 60_000, baseDir: dir });
    manager.setGroups(parsed.groups);
    const tests: string[] = [];
    for (let minute = 0; minute <= EVAL_MINUTES; minute++) {
      const t = minute * 60_000;
      for (const [selector, values] of Object.entries(SERIES)) {
        const value = expandSeriesNotation(values)[minute];
        if (value === 'stale') store.appendStale(parseSeriesLabels(selector), t);
        else if (value !== null && value !== undefined) store.append(parseSeriesLabels(selector), t, value);
      }
      manager.evaluateAll(t);
      for (const alertname of ['Immediate', 'AfterTwoMinutes', 'KeepsFiring']) {
        const firing = manager
          .activeAlerts()
          .filter((a) => a.state === 'firing' && a.labels.alertname === alertname)
          .map((a) => {
            const { alertname: _name, ...labels } = a.labels;
            return `          - exp_labels: ${JSON.stringify(labels)}\n            exp_annotations: ${JSON.stringify(a.annotations)}`;
          });
        tests.push(
          `      - eval_time: ${minute}m\n        alertname: ${alertname}\n        exp_alerts:${firing.length ? '\n' + firing.join('\n') : ' []'}`,
        );
      }
    }
    // Sanity: the scenario exercises every path (pending, firing, keep_firing_for, resolution).
    expect(tests.join('\n')).toContain('severity');
    await writeFile(path.join(dir, 'timing.yml'), RULES);
    const series = Object.entries(SERIES)
      .map(([s, v]) => `      - series: '${s}'\n        values: '${v}'`)
      .join('\n');
    await writeFile(
      path.join(dir, 'timing.test.yml'),
      `rule_files: [timing.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n${series}\n    alert_rule_test:\n${tests.join('\n')}\n`,
    );
    const result = spawnSync('promtool', ['test', 'rules', 'timing.test.yml'], { cwd: dir, encoding: 'utf8' });
    expect(result.error, 'promtool must be installed (Debian package prometheus)').toBeUndefined();
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });
});
