// The JSON verdict (`--json`, GET /api/v1/check): a superset of check_pgactivity's {service, status, msg, longmsg,
// perfdata}. The text output is rendered from this document, so the agent's answer and a local run print alike.
import type { Labels } from '../collect/model.js';
import { formatPerfEntry, perfEntry, type PerfEntry } from './perfdata.js';
import { pluginText, SERVICE, type Check, type NagiosResult } from './report.js';
import { reportLines, type ReportSection } from './report-sections/index.js';
import { EXIT_CODES, type NagiosState } from './state.js';

export type { PerfEntry };

export interface CheckEntry {
  readonly name: string;
  readonly state: NagiosState;
  readonly severity: string | null;
  readonly value: number | null;
  readonly labels: Labels;
  readonly summary: string;
  /** The running agent holds this alert as flapping (always false for a local check). */
  readonly flapping: boolean;
}

export interface CheckDocument {
  readonly service: string;
  readonly status: NagiosState;
  readonly exit_code: number;
  readonly msg: string;
  readonly longmsg: string[];
  readonly perfdata: Record<string, PerfEntry>;
  readonly target: string | null;
  readonly checked_at: string;
  readonly checks: CheckEntry[];
  /** The report below the verdict (connections, statements, sizes, backups ...), per the selections. */
  readonly report: ReportSection[];
}

export function checkEntry(c: Check): CheckEntry {
  return {
    name: c.name,
    state: c.state,
    severity: c.severity ?? null,
    value: c.value === undefined || !Number.isFinite(c.value) ? null : c.value,
    labels: c.labels,
    summary: c.summary,
    flapping: c.flapping === true,
  };
}

export function checkDocument(
  result: NagiosResult,
  checks: readonly Check[],
  target: string | undefined,
  checkedAtMs: number,
  report: ReportSection[] = [],
): CheckDocument {
  const perfdata: Record<string, PerfEntry> = {};
  for (const p of result.perfdata) perfdata[p.label] = perfEntry(p);
  return {
    service: SERVICE,
    status: result.state,
    exit_code: result.exitCode,
    msg: result.msg,
    longmsg: result.longOutput,
    perfdata,
    target: target ?? null,
    checked_at: new Date(checkedAtMs).toISOString(),
    checks: checks.map(checkEntry),
    report,
  };
}

/** A verdict without checks: the database cannot be reached (CRITICAL), or the check could not run (UNKNOWN). */
export function failureDocument(
  status: NagiosState,
  msg: string,
  target: string | undefined,
  checkedAtMs = Date.now(),
): CheckDocument {
  return {
    service: SERVICE,
    status,
    exit_code: EXIT_CODES[status],
    msg: pluginText(msg),
    longmsg: [],
    perfdata: {},
    target: target ?? null,
    checked_at: new Date(checkedAtMs).toISOString(),
    checks: [],
    report: [],
  };
}

/**
 * The plugin's text output: `POSTGRES <STATE> - <msg> | <perfdata>`, then the long output lines (problems and notes),
 * then the report.
 */
export function renderText(doc: CheckDocument): string {
  const perf = Object.entries(doc.perfdata).map(([label, e]) => formatPerfEntry(label, e));
  const first = `${doc.service} ${doc.status} - ${pluginText(doc.msg)}${perf.length ? ` | ${perf.join(' ')}` : ''}`;
  return [first, ...doc.longmsg.map(pluginText), ...reportLines(doc.report ?? [])].join('\n') + '\n';
}
