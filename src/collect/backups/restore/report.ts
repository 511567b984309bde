// A drill run as a Nagios plugin answers, pure: the worst state, one status line with perfdata, the long output (one
// line per drill), and the same as JSON. Restore failures are CRITICAL; a drill that could not run (no client
// binaries, scratch server unreachable or refused) is UNKNOWN; no good dump to drill is WARNING.
import { formatPerfdata, type PerfValue } from '../../../check/perfdata.js';
import type { DrillResult, RestoreProblem } from './model.js';

export type NagiosState = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
const EXIT: Record<NagiosState, number> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };
const RANK: Record<NagiosState, number> = { OK: 0, WARNING: 1, UNKNOWN: 2, CRITICAL: 3 };
const CANNOT_RUN: readonly RestoreProblem[] = ['client_missing', 'server_error', 'monitored_target'];

export interface RestoreReport {
  readonly code: number;
  readonly text: string;
  readonly json: {
    readonly service: 'RESTORE-TEST';
    readonly status: NagiosState;
    readonly msg: string;
    readonly longmsg: string[];
    readonly perfdata: string;
    readonly drills: readonly DrillResult[];
  };
}

function stateOf(result: DrillResult): NagiosState {
  if (result.success) return 'OK';
  return result.problems.every((p) => CANNOT_RUN.includes(p)) ? 'UNKNOWN' : 'CRITICAL';
}

/** Text from a dump or a server goes on one line, and never contains the perfdata separator. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '/');
}

function describe(result: DrillResult): string {
  const name = `${result.database} ${result.type}`;
  const seconds = ((result.finishedAt - result.startedAt) / 1000).toFixed(1);
  if (result.success) return `${name}: restored ${result.tables} tables, ${result.rows} rows in ${seconds}s`;
  return `${name}: ${result.problems.join(', ')}: ${oneLine(result.messages[0] ?? 'failed')}`;
}

function perfdata(results: readonly DrillResult[]): PerfValue[] {
  return results.flatMap((r) => {
    const prefix = `${r.database}_${r.type}`;
    const values: PerfValue[] = [
      { label: `${prefix}_duration`, value: (r.finishedAt - r.startedAt) / 1000, unit: 's', min: 0 },
    ];
    if (r.tables !== undefined) values.push({ label: `${prefix}_tables`, value: r.tables, unit: '', min: 0 });
    if (r.rows !== undefined) values.push({ label: `${prefix}_rows`, value: r.rows, unit: '', min: 0 });
    return values;
  });
}

export function restoreReport(results: readonly DrillResult[], nothingToDrill?: string): RestoreReport {
  let status: NagiosState = results.length ? 'OK' : 'WARNING';
  for (const r of results) if (RANK[stateOf(r)] > RANK[status]) status = stateOf(r);
  const failed = results.filter((r) => !r.success);
  const msg = !results.length
    ? (nothingToDrill ?? 'no good dump to drill')
    : failed.length
      ? `${failed.length} of ${results.length} restore drills failed: ${describe(failed[0]!)}`
      : `${results.length} restore drill${results.length === 1 ? '' : 's'} succeeded: ${results.map(describe).join('; ')}`;
  const longmsg = results.map((r) => `${stateOf(r)}: ${describe(r)} (${r.file})`);
  const perf = formatPerfdata(perfdata(results));
  const text = `RESTORE-TEST ${status} - ${oneLine(msg)}${perf ? ` | ${perf}` : ''}\n${longmsg.map((l) => `${l}\n`).join('')}`;
  return {
    code: EXIT[status],
    text,
    json: { service: 'RESTORE-TEST', status, msg, longmsg, perfdata: perf, drills: results },
  };
}

export function unknownReport(message: string): RestoreReport {
  return {
    code: 3,
    text: `RESTORE-TEST UNKNOWN - ${oneLine(message)}\n`,
    json: { service: 'RESTORE-TEST', status: 'UNKNOWN', msg: message, longmsg: [], perfdata: '', drills: [] },
  };
}
