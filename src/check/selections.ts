// The old monitor-database.sh modes as selections of alert rules (by alert name) and report sections: data
// (check/selections.yml), so that a rule added to the pack joins a mode by one line there; `--rule NAME` selects any
// rule of the configured files directly.
import { checkDefinitions } from './definitions.js';

/** A selection's name (`health`, `connections`, ...), as in check/selections.yml. */
export type Selection = string;

/** Every selection's name, in file order. */
export function selectionNames(): string[] {
  return Object.keys(checkDefinitions().selections);
}

/** Every alias (`metrics`) with the selection it stands for. */
export function selectionAliases(): Readonly<Record<string, Selection>> {
  return checkDefinitions().aliases;
}

/** The alert names of a selection. */
export function selectionRules(selection: Selection): readonly string[] {
  return checkDefinitions().selections[selection]?.rules ?? [];
}

/** A selection by its name or alias; undefined when unknown. */
export function selectionNamed(name: string): Selection | undefined {
  const { selections, aliases } = checkDefinitions();
  if (Object.hasOwn(selections, name)) return name;
  return Object.hasOwn(aliases, name) ? aliases[name] : undefined;
}

/**
 * The alert names to evaluate: the union of the selections' and the named rules; undefined when nothing was selected
 * (every alerting rule of the rule files applies).
 */
export function selectedRuleNames(
  selections: readonly Selection[],
  rules: readonly string[],
): ReadonlySet<string> | undefined {
  if (selections.length === 0 && rules.length === 0) return undefined;
  return new Set([...selections.flatMap(selectionRules), ...rules]);
}

/** The report sections of the selections, in order, each once; every section when nothing was selected. */
export function selectedReportSections(selections: readonly Selection[], allSections: readonly string[]): string[] {
  if (selections.length === 0) return [...allSections];
  const sections = checkDefinitions().selections;
  return [...new Set(selections.flatMap((s) => sections[s]?.report ?? []))];
}
