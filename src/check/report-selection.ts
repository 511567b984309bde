// Which report sections a run prints: those of its selections; every section for a plain `pgwarden check`; none for
// a run that names rules only (it asks about those rules, not for a report).
import { REPORT_SECTION_NAMES } from './report-sections/names.js';
import { selectedReportSections, type Selection } from './selections.js';

export function reportSectionsFor(selections: readonly Selection[], rules: readonly string[]): string[] {
  if (selections.length === 0 && rules.length > 0) return [];
  return selectedReportSections(selections, REPORT_SECTION_NAMES);
}
