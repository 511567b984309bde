// The verdict of a check run: from the checks (one per rule, or per firing alert) to the Nagios state, exit code,
// status line, long output and perfdata. Pure, so every decision is table-tested.
import type { Labels } from '../collect/model.js';
import { formatPerfdata, type PerfValue } from './perfdata.js';
import { byWorstFirst, EXIT_CODES, worstState, type NagiosState } from './state.js';

/** One rule's outcome, or one firing alert of a rule. */
export interface Check {
  /** The alert (rule) name. */
  readonly name: string;
  readonly state: NagiosState;
  readonly severity?: string | undefined;
  /** The alert's value (the rule expression's result) when it fired. */
  readonly value?: number | undefined;
  readonly labels: Labels;
  /** The summary annotation of a firing alert, a rule's error, or a note; empty for a quiet rule. */
  readonly summary: string;
  /** Flap control holds this alert as flapping (its state is the one it had when flapping started). */
  readonly flapping?: boolean | undefined;
}

export interface NagiosResult {
  readonly state: NagiosState;
  readonly exitCode: number;
  /** The short summary after `POSTGRES <STATE> - `. */
  readonly msg: string;
  /** The first line: `POSTGRES <STATE> - <msg> | <perfdata>`. */
  readonly line: string;
  /** One line per problem, worst first, then notes. */
  readonly longOutput: string[];
  readonly perfdata: readonly PerfValue[];
}

export const SERVICE = 'POSTGRES';
const SHORT_PROBLEMS = 2;

/** `|` separates perfdata and a newline ends the status line, so neither may appear in plugin text. */
export function pluginText(text: string): string {
  return text
    .replace(/\|/g, '/')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
}

function identity(check: Check): string {
  const { severity: _s, alertname: _a, ...rest } = check.labels;
  return JSON.stringify([check.name, Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))]);
}

/**
 * A rule pack states one condition at two severities (a warning and a critical rule of the same name): when both
 * fire for the same series, only the worse one is a problem worth a line.
 */
export function withoutShadowed(checks: readonly Check[]): Check[] {
  const worst = new Map<string, NagiosState>();
  for (const c of checks) worst.set(identity(c), worstState([worst.get(identity(c)) ?? 'OK', c.state]));
  return checks.filter((c) => c.state === worst.get(identity(c)));
}

function describe(check: Check): string {
  if (check.summary) return pluginText(check.summary);
  const labels = Object.entries(check.labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`);
  return labels.length ? `${check.name} (${labels.join(', ')})` : check.name;
}

/**
 * Each check's text; where several problems read alike (one rule firing for several series with the same summary,
 * e.g. "Broken backup of shop" for a checksum mismatch and a corrupt archive), the labels that tell them apart follow.
 */
export function describeAll(checks: readonly Check[]): string[] {
  const texts = checks.map(describe);
  return texts.map((text, i) => {
    const alike = checks.filter((_c, j) => texts[j] === text);
    if (alike.length < 2) return text;
    const own = checks[i] as Check;
    const differing = Object.entries(own.labels)
      .filter(([k]) => k !== 'alertname' && k !== 'severity')
      .filter(([k, v]) => alike.some((c) => c.labels[k] !== v))
      .map(([k, v]) => `${k}=${v}`);
    return differing.length ? `${text} (${differing.join(', ')})` : text;
  });
}

export function statusLine(state: NagiosState, msg: string, perfdata: readonly PerfValue[]): string {
  const text = `${SERVICE} ${state} - ${pluginText(msg)}`;
  return perfdata.length ? `${text} | ${formatPerfdata(perfdata)}` : text;
}

/**
 * The verdict: the worst state wins; the short summary names the worst problems, or counts the rules when none.
 * Firing `info` alerts and `runNotes` (what the run could not do) are notes: OK, in the long output.
 */
export function toNagios(
  checks: readonly Check[],
  perfdata: readonly PerfValue[] = [],
  runNotes: readonly string[] = [],
): NagiosResult {
  const kept = withoutShadowed(checks);
  const state = worstState(kept.map((c) => c.state));
  const problems = byWorstFirst(kept.filter((c) => c.state !== 'OK'));
  const notes = [
    // `severity: none` says nothing about the database (the Watchdog fires all the time): not even a note.
    ...kept.filter((c) => c.state === 'OK' && c.summary && c.severity !== 'none').map(describe),
    ...kept.filter((c) => c.state === 'OK' && c.flapping).map((c) => `${describe(c)} is flapping (held as resolved)`),
    ...runNotes.map(pluginText),
  ];
  const problemTexts = describeAll(problems);
  let msg: string;
  if (problems.length > 0) {
    const worst = problemTexts.filter((_t, i) => problems[i]?.state === state).slice(0, SHORT_PROBLEMS);
    const more = problems.length - worst.length;
    msg = worst.join('; ') + (more > 0 ? ` (+${more} more)` : '');
  } else {
    const rules = new Set(checks.map((c) => c.name)).size;
    msg = `${rules} check${rules === 1 ? '' : 's'} OK`;
    if (notes.length) msg += `; ${notes.join('; ')}`;
  }
  const longOutput = [
    ...problems.map((c, i) => `${c.state}: ${problemTexts[i] ?? ''}${c.flapping ? ' (flapping)' : ''}`),
    ...notes.map((note) => `NOTE: ${note}`),
  ];
  return { state, exitCode: EXIT_CODES[state], msg, line: statusLine(state, msg, perfdata), longOutput, perfdata };
}

/** The whole plugin output: the status line, then the long output lines. */
export function pluginOutput(result: Pick<NagiosResult, 'line' | 'longOutput'>): string {
  return [result.line, ...result.longOutput].join('\n') + '\n';
}
