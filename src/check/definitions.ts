// The check's data files (check/selections.yml, check/perfdata.yml): loaded once, validated with file:line:col
// problems (all at once), like the collector definitions and the rule files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { locatedProblem, parseYamlSource, type YamlSource } from '../config/yaml-source.js';
import { packageRoot } from '../paths.js';
import { parsePromql } from '../promql/index.js';
import type { PerfSpec } from './perfdata-spec.js';
import { REPORT_SECTION_NAMES } from './report-sections/names.js';

export interface SelectionDefinition {
  readonly rules: readonly string[];
  /** Report sections printed below the verdict. */
  readonly report: readonly string[];
}

export interface CheckDefinitions {
  readonly selections: Readonly<Record<string, SelectionDefinition>>;
  /** Other names of a selection (`metrics` → `performance`). */
  readonly aliases: Readonly<Record<string, string>>;
  readonly perfdata: readonly PerfSpec[];
}

export class CheckDefinitionError extends Error {
  override name = 'CheckDefinitionError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid check definitions: ${problems.join('; ')}`);
  }
}

const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and "-"');

const selectionsSchema = z.strictObject({
  selections: z.record(
    name,
    z.strictObject({
      rules: z.array(z.string().min(1)).min(1),
      report: z.array(z.enum(REPORT_SECTION_NAMES)).default([]),
    }),
  ),
  aliases: z.record(name, z.string()).default({}),
});

const promql = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    try {
      parsePromql(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not valid PromQL: ${(error as Error).message.split('\n')[0]}` });
    }
  });

const perfdataSchema = z.strictObject({
  perfdata: z.array(
    z.strictObject({
      label: z.string().regex(/^[A-Za-z0-9_.:{}-]+$/, 'letters, digits, "_ . : -" and {label} placeholders'),
      expr: promql,
      unit: z.enum(['', 's', 'B', '%', 'c']),
      rule: z.string().min(1).optional(),
      factor: z.number().optional(),
      min: z.number().optional(),
      max: z.union([z.number(), promql]).optional(),
      thresholds_times_max: z.boolean().optional(),
      selections: z.array(z.string()).min(1),
    }),
  ),
});

function validate<T>(source: YamlSource, schema: z.ZodType<T>, problems: string[]): T | undefined {
  if (source.syntaxErrors.length) {
    problems.push(...source.syntaxErrors);
    return undefined;
  }
  const result = schema.safeParse(source.value ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys')
      problems.push(...issue.keys.map((key) => locatedProblem(source, [...at, key], 'unknown key', true)));
    else problems.push(locatedProblem(source, at, issue.message));
  }
  return undefined;
}

/** Pure: both files' texts to definitions; throws CheckDefinitionError with every problem. */
export function parseCheckDefinitions(
  selectionsFile: { file: string; text: string },
  perfdataFile: { file: string; text: string },
): CheckDefinitions {
  const problems: string[] = [];
  const selSource = parseYamlSource(selectionsFile.file, selectionsFile.text);
  const perfSource = parseYamlSource(perfdataFile.file, perfdataFile.text);
  const sel = validate(selSource, selectionsSchema, problems);
  const perf = validate(perfSource, perfdataSchema, problems);
  if (sel) {
    for (const [alias, target] of Object.entries(sel.aliases)) {
      if (!Object.hasOwn(sel.selections, target))
        problems.push(locatedProblem(selSource, ['aliases', alias], `no selection named "${target}"`));
      if (Object.hasOwn(sel.selections, alias))
        problems.push(locatedProblem(selSource, ['aliases', alias], `"${alias}" is already a selection`, true));
    }
  }
  if (sel && perf) {
    perf.perfdata.forEach((spec, i) =>
      spec.selections.forEach((s, j) => {
        if (!Object.hasOwn(sel.selections, s))
          problems.push(locatedProblem(perfSource, ['perfdata', i, 'selections', j], `no selection named "${s}"`));
      }),
    );
  }
  if (problems.length || !sel || !perf) throw new CheckDefinitionError(problems);
  return {
    selections: sel.selections,
    aliases: sel.aliases,
    perfdata: perf.perfdata.map(({ thresholds_times_max, ...spec }) => ({
      ...spec,
      ...(thresholds_times_max === undefined ? {} : { thresholdsTimesMax: thresholds_times_max }),
    })),
  };
}

/** The directory of the shipped check definitions. */
export const shippedCheckDir = (): string => path.join(packageRoot(), 'check');

let loaded: CheckDefinitions | undefined;

/** The shipped definitions, read and validated on first use. */
export function checkDefinitions(): CheckDefinitions {
  if (!loaded) {
    const read = (base: string) => {
      const file = path.join(shippedCheckDir(), base);
      return { file, text: readFileSync(file, 'utf8') };
    };
    loaded = parseCheckDefinitions(read('selections.yml'), read('perfdata.yml'));
  }
  return loaded;
}
