// `pgwarden rules test FILE…`: runs promtool-format unit-test files and reports like `promtool test rules`
// ("Unit Testing:  FILE", then "  SUCCESS" or "  FAILED:" and every unmet expectation on stderr).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem } from '../definitions.js';
import { loadRuleFiles, resolveRuleFiles } from '../load-files.js';
import { runTestGroup } from './run-group.js';
import { parseUnitTestFile } from './test-file.js';

export interface TextOutput {
  write(text: string): unknown;
}

export interface TestOutput {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
}

/** Runs every file; the result is 0 when all passed, 1 otherwise. */
export async function runUnitTestFiles(files: readonly string[], out: TestOutput): Promise<number> {
  let failed = false;
  for (const file of files) {
    out.stdout.write(`Unit Testing:  ${file}\n`);
    const errors = await runUnitTestFile(file, out);
    if (errors.length > 0) {
      out.stderr.write('  FAILED:\n');
      for (const error of errors) {
        out.stderr.write(`${error}\n`);
        out.stdout.write('\n');
      }
      failed = true;
    } else out.stdout.write('  SUCCESS\n');
    out.stdout.write('\n');
  }
  return failed ? 1 : 0;
}

/** The failures of one file (its problems when it cannot be read, parsed or its rules loaded). */
export async function runUnitTestFile(file: string, out: TestOutput): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return [`${file}: cannot read unit test file (${(error as NodeJS.ErrnoException).code ?? 'error'})`];
  }
  const parsed = parseUnitTestFile(file, text);
  if (!parsed.test) return parsed.problems;
  const { test } = parsed;
  const baseDir = path.dirname(path.resolve(file));
  const ruleFiles: string[] = [];
  for (const pattern of test.ruleFiles) {
    const matches = (await resolveRuleFiles([pattern], baseDir)).filter((f) => existsSync(f));
    // As promtool: a pattern that matches nothing is a warning, not a failure.
    if (matches.length === 0) out.stderr.write(`  WARNING: no file match pattern ${path.resolve(baseDir, pattern)}\n`);
    ruleFiles.push(...matches);
  }
  const loaded = await loadRuleFiles(ruleFiles, baseDir);
  if (loaded.problems.length > 0) return loaded.problems.map(formatProblem);
  const groupOrder = new Map(test.groupEvalOrder.map((name, i) => [name, i]));
  const errors: string[] = [];
  for (const group of test.tests)
    errors.push(...runTestGroup(group, loaded.groups, { evaluationIntervalMs: test.evaluationIntervalMs, groupOrder }));
  return errors;
}
