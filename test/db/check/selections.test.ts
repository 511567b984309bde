import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { perfdataSpecs } from '../../../src/check/perfdata-spec.js';
import { findThreshold } from '../../../src/check/rule-expr.js';
import { selectionNames, selectionRules } from '../../../src/check/selections.js';
import { shippedRuleFiles } from '../../../src/agent/alert-engine.js';
import { packageRoot } from '../../../src/paths.js';
import { loadRuleFiles } from '../../../src/rules/index.js';

// The selection table and perfdata specs name rules of the shipped pack: a renamed rule must not silently drop out.
describe('the check tables against the shipped rule pack', async () => {
  const loaded = await loadRuleFiles(shippedRuleFiles(), packageRoot());
  const alerts = loaded.groups.flatMap((g) => g.rules).filter((r) => r.kind === 'alert');

  it('loads without problems', () => {
    expect(loaded.problems).toEqual([]);
  });

  it.each(selectionNames())('--%s names only rules of the pack', (selection) => {
    for (const name of selectionRules(selection)) expect(alerts.map((r) => r.name)).toContain(name);
  });

  it.each(
    perfdataSpecs()
      .filter((s) => s.rule)
      .map((s) => [s.label, s.rule!] as const),
  )('perfdata %s takes thresholds from %s, which has one', (_label, rule) => {
    const variants = alerts.filter((r) => r.name === rule);
    expect(variants.length).toBeGreaterThan(0);
    for (const r of variants) expect(findThreshold(r.expr), `${rule} ${r.labels.severity}`).toBeDefined();
  });

  it('docs/nagios.md lists each selection with its rules', () => {
    const doc = readFileSync(path.join(packageRoot(), 'docs', 'nagios.md'), 'utf8');
    for (const selection of selectionNames()) {
      const names = selectionRules(selection);
      const row = doc.split('\n').find((line) => line.startsWith(`| \`--${selection}\``));
      expect(row, selection).toBeDefined();
      expect(row!.split(' | ')[1]!.split(' (')[0]!.replace(/ \|$/, '').split(', ')).toEqual([...names]);
    }
  });
});
