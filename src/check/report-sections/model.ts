// A report section: the lines an operator reads below the verdict (Nagios long output) and the same facts as rows
// (the `report` field of --json), raw numbers in seconds and bytes.
import type { ReportSectionName } from './names.js';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface ReportSection {
  readonly name: ReportSectionName;
  readonly title: string;
  readonly lines: string[];
  readonly rows: Row[];
  /** Why the section has nothing to show when that is not simply "none" (a collector is off, a run-time limit). */
  readonly note?: string;
}

/** How a table or query text may be shown: query text only where the configuration allows it. */
export interface ReportOptions {
  /** Statement text may be shown (the stat_statements_query collector is enabled); else only queryids. */
  readonly queryText: boolean;
  /** Lines per list section. */
  readonly limit: number;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { queryText: false, limit: 10 };
