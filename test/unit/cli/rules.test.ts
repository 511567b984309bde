import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { concatenateRuleFiles } from '../../../src/cli/rules.js';

describe('rules export: several rule files as one', () => {
  it("appends the later files' groups to the first file's list, comments and text unchanged", () => {
    const a = '# a\ngroups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n';
    const b = '# b, dropped with the header\ngroups:\n  # group b\n  - name: b\n    rules: []';
    const joined = concatenateRuleFiles([a, b]);
    expect(joined).toBe(`${a}  # group b\n  - name: b\n    rules: []\n`);
    expect((parse(joined) as { groups: { name: string }[] }).groups.map((g) => g.name)).toEqual(['a', 'b']);
  });

  it('refuses a later file without a top-level groups: line', () => {
    expect(() => concatenateRuleFiles(['groups: []\n', 'groups: [{name: x}]\n'])).toThrow(/groups:/);
  });
});
