// The drill's judgement, pure: the tool's exit and output, the restored database against the .meta and the checks.
import type { BackupMeta } from '../meta.js';
import type { Inspection, RestoreProblem } from './model.js';

export interface ToolOutcome {
  readonly exitCode: number | null;
  readonly output: string;
  readonly inputError?: string;
}

export interface Verdict {
  readonly success: boolean;
  readonly problems: RestoreProblem[];
  readonly messages: string[];
}

// psql prints `psql:<file>:<line>: ERROR:  ...`; pg_restore `pg_restore: error: ...`; the server `ERROR:  ...`.
const ERROR_LINE = /^(?:psql:[^\n]*?:\s*)?(?:ERROR|FATAL|PANIC):|^pg_restore: error:/m;

function firstErrorLine(output: string): string | undefined {
  const match = ERROR_LINE.exec(output);
  if (!match) return undefined;
  const end = output.indexOf('\n', match.index);
  return output.slice(match.index, end < 0 ? undefined : end).slice(0, 300);
}

/** Whether the tool's run restored the dump: exit 0, the whole input read, and no ERROR in its output. */
export function judgeTool(tool: ToolOutcome): Verdict {
  const messages: string[] = [];
  if (tool.exitCode !== 0) messages.push(`restore tool exited with ${tool.exitCode ?? 'a signal'}`);
  if (tool.inputError) messages.push(`the dump could not be read to its end: ${tool.inputError}`);
  const error = firstErrorLine(tool.output);
  if (error) messages.push(error);
  return messages.length
    ? { success: false, problems: ['restore_error'], messages }
    : { success: true, problems: [], messages: [] };
}

/** The restored database against what the .meta says it held and the user's checks. */
export function judgeInspection(inspection: Inspection, meta: BackupMeta | undefined): Verdict {
  const messages: string[] = [];
  if (meta?.tables !== undefined && inspection.tables !== meta.tables)
    messages.push(`${inspection.tables} tables restored, the .meta says ${meta.tables}`);
  for (const [table, expected] of Object.entries(meta?.rows ?? {})) {
    const found = inspection.tableRows[table];
    if (found === null || found === undefined) messages.push(`table ${table} is missing`);
    else if (found !== expected) messages.push(`table ${table} has ${found} rows, the .meta says ${expected}`);
  }
  for (const check of inspection.checks) {
    if (check.error !== undefined) messages.push(`check ${check.name} failed: ${check.error}`);
    else if (check.value === null || check.value < check.min)
      messages.push(`check ${check.name} gave ${check.value ?? 'no value'}, at least ${check.min} expected`);
  }
  if (!inspection.analyzed) messages.push('ANALYZE did not run');
  return messages.length
    ? { success: false, problems: ['check_failed'], messages }
    : { success: true, problems: [], messages: [] };
}
