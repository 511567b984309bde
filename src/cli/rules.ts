// `pgwarden rules check|test|export`: validate rule files, run promtool-format unit tests, and hand the shipped
// rule pack to a Prometheus server.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { shippedRuleFiles } from '../agent/alert-engine.js';
import { packageRoot } from '../paths.js';
import { formatProblem, parseRuleFile, resolveRuleFiles } from '../rules/index.js';
import { runUnitTestFiles, type TestOutput } from '../rules/unit-test/index.js';

export const RULES_USAGE = `Usage:
  pgwarden rules check FILE...            validate rule files (Prometheus format); errors as file:line:col
  pgwarden rules test FILE...             run rule unit tests (promtool test rules format)
  pgwarden rules export [--output DIR]    write the shipped alert rules (default: to stdout)
`;

/** Runs a `rules` subcommand; returns the exit code (0 ok, 1 problems or failed tests, 2 usage). */
export async function runRules(args: string[], io: TestOutput): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'check':
      return withFiles(rest, io, (files) => checkRuleFiles(files, io));
    case 'test':
      return withFiles(rest, io, (files) => runUnitTestFiles(files, io));
    case 'export':
      return exportCommand(rest, io);
    default:
      io.stderr.write(command ? `pgwarden rules: unknown command "${command}"\n${RULES_USAGE}` : RULES_USAGE);
      return 2;
  }
}

async function withFiles(args: string[], io: TestOutput, run: (files: string[]) => Promise<number>): Promise<number> {
  const files = args.filter((a) => a !== '--');
  const flag = files.find((a) => a.startsWith('-'));
  if (files.length === 0 || flag) {
    io.stderr.write(`pgwarden rules: ${flag ? `unknown flag ${flag}` : 'no files given'}\n${RULES_USAGE}`);
    return 2;
  }
  return run(files);
}

/** promtool check rules' layout: "Checking FILE", then "  SUCCESS: N rules found" or "  FAILED:" and the problems. */
export async function checkRuleFiles(files: readonly string[], io: TestOutput): Promise<number> {
  let failed = false;
  for (const file of files) {
    io.stdout.write(`Checking ${file}\n`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      io.stderr.write(
        `  FAILED:\n${file}: cannot read rule file (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
      );
      failed = true;
      continue;
    }
    const { groups, problems } = parseRuleFile(file, text);
    if (problems.length > 0) {
      io.stderr.write(`  FAILED:\n${problems.map((p) => `${formatProblem(p)}\n`).join('')}\n`);
      failed = true;
      continue;
    }
    const rules = groups.reduce((n, g) => n + g.rules.length, 0);
    io.stdout.write(`  SUCCESS: ${rules} rules found\n\n`);
  }
  return failed ? 1 : 0;
}

/**
 * Several rule files as one: Prometheus reads only the first YAML document of a rule file, so the groups of the
 * later files are appended to the first file's `groups:` list, text unchanged (each file starts with `groups:`).
 */
export function concatenateRuleFiles(texts: readonly string[]): string {
  return texts
    .map((text, i) => {
      if (i === 0) return text.endsWith('\n') ? text : `${text}\n`;
      const match = /^groups:[ \t]*\n/m.exec(text);
      if (!match) throw new Error('every shipped rule file must have a top-level "groups:" line');
      return text.slice(match.index + match[0].length).replace(/\n?$/, '\n');
    })
    .join('');
}

async function exportCommand(args: string[], io: TestOutput): Promise<number> {
  let output: string | undefined;
  try {
    output = parseArgs({ args, options: { output: { type: 'string', short: 'o' } }, strict: true }).values.output;
  } catch (error) {
    io.stderr.write(`pgwarden rules export: ${(error as Error).message.split('\n')[0]}\n${RULES_USAGE}`);
    return 2;
  }
  const files = await resolveRuleFiles(shippedRuleFiles(), packageRoot());
  if (output === undefined) {
    io.stdout.write(concatenateRuleFiles(await Promise.all(files.map((f) => readFile(f, 'utf8')))));
    return 0;
  }
  await mkdir(output, { recursive: true });
  for (const file of files) {
    const target = path.join(output, path.basename(file));
    await writeFile(target, await readFile(file, 'utf8'));
    io.stdout.write(`${target}\n`);
  }
  return 0;
}
