import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/rules/definitions.js';
import { parseRuleFile } from '../../../src/rules/load.js';
import { loadRuleFiles } from '../../../src/rules/load-files.js';

const GOOD = `groups:
  - name: postgres
    interval: 30s
    limit: 10
    rules:
      - record: job:pg_up:sum
        expr: sum by (job) (pg_up)
        labels:
          source: recorded
      - alert: PostgresDown
        expr: pg_up == 0
        for: 5m
        keep_firing_for: 1m
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.instance }} is down"
          description: |
            Instance {{ $labels.instance }}
            has been down ({{ $value }}).
`;

function problems(text: string): string[] {
  return parseRuleFile('rules.yml', text).problems.map(formatProblem);
}

describe('rule file loader', () => {
  it('reads groups and rules', () => {
    const { groups, problems: found } = parseRuleFile('rules.yml', GOOD);
    expect(found).toEqual([]);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group).toMatchObject({
      name: 'postgres',
      intervalMs: 30_000,
      limit: 10,
      queryOffsetMs: 0,
      file: 'rules.yml',
    });
    expect(group?.rules.map((r) => [r.kind, r.name, r.exprText, r.forMs, r.keepFiringForMs, r.line])).toEqual([
      ['record', 'job:pg_up:sum', 'sum by (job) (pg_up)', 0, 0, 6],
      ['alert', 'PostgresDown', 'pg_up == 0', 300_000, 60_000, 10],
    ]);
    expect(group?.rules[1]?.annotations.description).toBe(
      'Instance {{ $labels.instance }}\nhas been down ({{ $value }}).\n',
    );
  });

  it('accepts an empty file and an empty groups list', () => {
    expect(parseRuleFile('r.yml', '').problems).toEqual([]);
    expect(parseRuleFile('r.yml', 'groups: []\n').groups).toEqual([]);
  });

  it('reports every problem at once with file:line:col', () => {
    const text = `groups:
  - name: a
    interval: 5x
    bogus: 1
    rules:
      - record: bad name
        expr: up
        for: 5m
      - alert: A
        expr: rate(up[5m]
        labels:
          bad-label: x
          ok: "{{ $labels.instance"
      - alert: B
      - expr: up
      - alert: C
        record: c
        expr: up[5m]
  - name: a
    rules:
      - alert: D
        expr: |
          sum(up)
            + my_func(up[5m], 0.1, 0.1)
        annotations:
          summary: '{{ nope $value }}'
`;
    expect(problems(text)).toEqual([
      'rules.yml:4:5: unknown key "bogus" in group',
      'rules.yml:3:15: invalid duration "5x" for interval (use e.g. 30s, 5m, 1h30m)',
      'rules.yml:6:17: invalid recording rule name: bad name',
      "rules.yml:8:14: invalid field 'for' in recording rule",
      'rules.yml:12:11: invalid label name: bad-label',
      'rules.yml:13:16: template: unclosed action',
      'rules.yml:10:26: expr: syntax error: unexpected end of input',
      "rules.yml:14:9: field 'expr' must be set in rule",
      "rules.yml:15:9: one of 'record' or 'alert' must be set",
      "rules.yml:16:9: only one of 'record' and 'alert' must be set",
      'rules.yml:18:15: expression must be of type vector or scalar, got matrix',
      'rules.yml:26:24: template: function "nope" not defined',
      expect.stringMatching(/^rules\.yml:24:(15|27): expr: /),
      'rules.yml:19:5: groupname: "a" is repeated in the same file',
    ]);
  });

  it('points inside plain multi-line, double-quoted and folded scalars', () => {
    const text = `groups:
  - name: a
    rules:
      - alert: Plain
        expr: sum(up)
          + (up >
      - alert: Quoted
        expr: "up\\n  > bool 1"
        annotations:
          a: "say \\"{{ $nope }}\\""
          b: >-
            folded text
            then {{ end }}
`;
    expect(problems(text)).toEqual([
      'rules.yml:6:18: expr: syntax error: unexpected end of input',
      'rules.yml:10:24: template: undefined variable "$nope"',
      'rules.yml:13:21: template: unexpected {{end}}',
    ]);
  });

  it('reports YAML syntax errors and unknown top-level keys', () => {
    expect(problems('groups:\n  - name: x\n   rules: [\n')[0]).toMatch(/^rules\.yml:\d+:\d+: /);
    expect(problems('group:\n  - name: x\n')).toEqual(['rules.yml:1:1: unknown key "group" in rule file']);
  });
});

describe('rule files on disk', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-rules-'));
    await mkdir(path.join(dir, 'rules'));
    await writeFile(path.join(dir, 'rules', 'a.yml'), GOOD);
    await writeFile(
      path.join(dir, 'rules', 'b.yml'),
      'groups:\n  - name: other\n    rules:\n      - alert: X\n        expr: up ==\n',
    );
    await writeFile(path.join(dir, 'rules', 'notes.txt'), 'not a rule file');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('expands globs relative to the base directory and reports problems with the absolute file', async () => {
    const loaded = await loadRuleFiles(['rules/*.yml', 'missing.yml'], dir);
    expect(loaded.files).toEqual([
      path.join(dir, 'missing.yml'),
      path.join(dir, 'rules', 'a.yml'),
      path.join(dir, 'rules', 'b.yml'),
    ]);
    expect(loaded.groups.map((g) => g.name)).toEqual(['postgres', 'other']);
    expect(loaded.problems.map(formatProblem)).toEqual([
      `${path.join(dir, 'missing.yml')}: cannot read rule file (ENOENT)`,
      expect.stringMatching(new RegExp(`^${path.join(dir, 'rules', 'b.yml')}:5:\\d+: expr: `)),
    ]);
  });
});

describe('YAML aliases in rule files', () => {
  it('accepts anchored labels and annotation values, as Prometheus does', () => {
    const text = [
      'groups:',
      '  - name: g',
      '    rules:',
      '      - alert: A',
      '        expr: up == 0',
      '        labels: &common { severity: warning, team: dba }',
      '        annotations: { summary: &sum "down" }',
      '      - alert: B',
      '        expr: up == 0',
      '        labels: *common',
      '        annotations: { summary: *sum }',
      '',
    ].join('\n');
    const { groups, problems } = parseRuleFile('aliases.yml', text);
    expect(problems).toEqual([]);
    const b = groups[0]?.rules[1];
    expect(b?.labels).toEqual({ severity: 'warning', team: 'dba' });
    expect(b?.annotations).toEqual({ summary: 'down' });
  });
});
