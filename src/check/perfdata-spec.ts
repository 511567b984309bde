// Which values the check reports as perfdata: data (check/perfdata.yml), one entry per value. `label` may name series
// labels in braces ({datname}); `rule` names the alert whose warning/critical severities give the thresholds, so the
// graph's lines are the rule pack's; `factor` scales value and thresholds (a ratio shown in %); `thresholdsTimesMax`
// scales thresholds by the max (a rule on "used / max > 0.8" draws its line at 0.8 × max).
import { checkDefinitions } from './definitions.js';
import type { PerfUnit } from './perfdata.js';

export interface PerfSpec {
  readonly label: string;
  /** PromQL giving one sample per reported value (per target, or per target and database, ...). */
  readonly expr: string;
  readonly unit: PerfUnit;
  readonly rule?: string | undefined;
  readonly factor?: number | undefined;
  readonly min?: number | undefined;
  /** A number, or PromQL whose sample of the same target is the max. */
  readonly max?: number | string | undefined;
  readonly thresholdsTimesMax?: boolean | undefined;
  /** The selections that report it (every value is reported when nothing is selected). */
  readonly selections: readonly string[];
}

/** The shipped perfdata specs (check/perfdata.yml). */
export function perfdataSpecs(): readonly PerfSpec[] {
  return checkDefinitions().perfdata;
}
