// Reads the rule files named by `rule_files` patterns (globs, relative to the config file's directory).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { RuleGroupDefinition, RuleProblem } from './definitions.js';
import { parseRuleFile } from './load.js';

export interface LoadedRules {
  /** The files read, absolute and sorted. */
  readonly files: string[];
  readonly groups: RuleGroupDefinition[];
  /** Every problem in every file; the caller keeps the last good rules when this is not empty. */
  readonly problems: RuleProblem[];
  /** Glob patterns that matched no file (a warning: Prometheus accepts them too, but it is usually a typo). */
  readonly unmatched?: readonly string[];
}

/** Expands the patterns; literal paths are kept as they are (reading them reports a missing file), globs may match nothing. */
export async function resolveRuleFiles(
  patterns: readonly string[],
  baseDir: string,
  unmatched: string[] = [],
): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(baseDir, pattern);
    if (!isDynamicPattern(pattern)) {
      files.add(absolute);
      continue;
    }
    const matches = await glob(path.relative(baseDir, absolute).split(path.sep).join('/'), {
      cwd: baseDir,
      absolute: true,
      onlyFiles: true,
      expandDirectories: false,
    });
    for (const match of matches) files.add(path.resolve(match));
    if (matches.length === 0) unmatched.push(pattern);
  }
  return [...files].sort();
}

export async function loadRuleFiles(patterns: readonly string[], baseDir: string): Promise<LoadedRules> {
  const unmatched: string[] = [];
  const files = await resolveRuleFiles(patterns, baseDir, unmatched);
  const problems: RuleProblem[] = [];
  const groups: RuleGroupDefinition[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      problems.push({ file, line: 0, col: 0, message: `cannot read rule file (${code})` });
      continue;
    }
    const parsed = parseRuleFile(file, text);
    groups.push(...parsed.groups);
    problems.push(...parsed.problems);
  }
  return { files, groups, problems, unmatched };
}
