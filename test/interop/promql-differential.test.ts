import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runUnitTestFile } from '../../src/rules/unit-test/index.js';
import { generateCases, RULE_QUERIES, RULES } from '../support/promql-cases.js';
import { parseExprReport, type ExprOutcome } from '../support/promtool-report.js';

// Differential test: thousands of generated expressions over generated series, written as one promtool unit-test
// file whose every promql_expr_test expects nothing, so that promtool (Debian's Prometheus 2.42) prints what it got.
// Our runner reads the same file; both reports must agree on every case (values within 1e-12 relative, because Go's
// and V8's libm may differ in the last bit of exp/sin/...; labels, errors and which cases are empty exactly).

function unitTestFile(series: Record<string, string>, cases: [string, number][], ruleFiles: string[]): string {
  return stringify({
    rule_files: ruleFiles,
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: Object.entries(series).map(([s, values]) => ({ series: s, values })),
        promql_expr_test: cases.map(([expr, minutes]) => ({ expr, eval_time: `${minutes}m`, exp_samples: [] })),
      },
    ],
  });
}

function close(a: number, b: number): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

// promtool loads input series from a Go map, so their order (and with it which two duplicates an error names, and
// which of equal values topk/bottomk keep) changes from run to run; Prometheus leaves both unspecified.
function normalizeError(message: string | undefined): string | undefined {
  return message?.replace(
    /match group \{.*\} on the (\w+) hand-side of the operation: \[.*\];/,
    'match group … on the $1 …;',
  );
}

function sameValues(t: Map<string, number>, o: Map<string, number>): boolean {
  const sorted = (m: Map<string, number>) => [...m.values()].sort((a, b) => a - b);
  const [a, b] = [sorted(t), sorted(o)];
  return a.length === b.length && a.every((v, i) => close(v, b[i] as number));
}

function difference(key: string, theirs: ExprOutcome | undefined, ours: ExprOutcome | undefined): string | null {
  const t: ExprOutcome = theirs ?? { got: new Map() };
  const o: ExprOutcome = ours ?? { got: new Map() };
  if (t.error !== undefined || o.error !== undefined) {
    const same = normalizeError(t.error) === normalizeError(o.error);
    return same ? null : `${key}: promtool error ${t.error ?? '-'} / ours ${o.error ?? '-'}`;
  }
  const same = /^"(topk|bottomk)/.test(key)
    ? sameValues(t.got, o.got)
    : t.got.size === o.got.size &&
      [...t.got].every(([labels, v]) => o.got.has(labels) && close(v, o.got.get(labels) as number));
  return same ? null : `${key}: promtool ${JSON.stringify([...t.got])} / ours ${JSON.stringify([...o.got])}`;
}

export async function compareWithPromtool(
  dir: string,
  name: string,
  series: Record<string, string>,
  cases: [string, number][],
  rules?: string,
) {
  const file = path.join(dir, `${name}.yml`);
  if (rules !== undefined) await writeFile(path.join(dir, `${name}.rules.yml`), rules);
  await writeFile(file, unitTestFile(series, cases, rules === undefined ? [] : [`${name}.rules.yml`]));
  const promtool = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8', timeout: 120_000 });
  expect(promtool.error, 'promtool must be installed (Debian package prometheus)').toBeUndefined();
  const theirs = parseExprReport(promtool.stderr);
  const ourErrors = await runUnitTestFile(file, { stdout: { write: () => true }, stderr: { write: () => true } });
  const ours = parseExprReport(ourErrors.join('\n'));
  const keys = new Set([...theirs.keys(), ...ours.keys()]);
  const differences = [...keys].flatMap((k) => difference(k, theirs.get(k), ours.get(k)) ?? []);
  return { differences, reported: theirs.size };
}

function re2Cases(): [string, number][] {
  const file = path.resolve(import.meta.dirname, '../fixtures/promql-re2-cases.json');
  const { exprs, times } = JSON.parse(readFileSync(file, 'utf8')) as { exprs: string[]; times: number[] };
  return exprs.flatMap((expr) => times.map((t): [string, number] => [expr, t]));
}

describe('PromQL against promtool (generated cases)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-promql-diff-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives promtool's answer for every generated case", async () => {
    const { series, cases: generated } = generateCases();
    // RE2-only regex syntax ([[:alpha:]], \pL, \Q…\E, (?U), …), matched by re2js as Prometheus's RE2 does.
    const cases = [...generated, ...re2Cases()];
    expect(cases.length).toBeGreaterThan(3000);
    const { differences, reported } = await compareWithPromtool(dir, 'generated', series, cases);
    expect(differences).toEqual([]);
    // Most cases have a non-empty answer, so promtool reports them: the comparison is not vacuous.
    expect(reported).toBeGreaterThan(cases.length * 0.8);
  }, 300_000);

  it('records series and fires alerts with the labels promtool gives them', async () => {
    const { series } = generateCases();
    const { differences, reported } = await compareWithPromtool(dir, 'rules', series, RULE_QUERIES, RULES);
    expect(differences).toEqual([]);
    expect(reported).toBeGreaterThan(RULE_QUERIES.length / 2);
  }, 300_000);
});
