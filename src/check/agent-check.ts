// The running agent's verdict (GET /api/v1/check, served by src/http/check-api.ts): from the rule manager's alert
// states, so `for` is honoured, and perfdata from its sample store. The same document as `pgwarden check --json`.
import type { SampleStore } from '../promql/index.js';
import type { RuleManager } from '../rules/index.js';
import { checkDocument, failureDocument, type CheckDocument } from './document.js';
import { checksFromRules } from './evaluate.js';
import { withFlapping } from './flapping.js';
import type { FlappingAlert } from '../flap/filter.js';
import { perfdataSpecs } from './perfdata-spec.js';
import { perfdataValues, specsFor } from './perfdata-values.js';
import { toNagios } from './report.js';
import { buildReport, DEFAULT_REPORT_OPTIONS, NO_SESSIONS_FROM_AGENT } from './report-sections/index.js';
import { reportSectionsFor } from './report-selection.js';
import { selectedRuleNames, selectionNamed, type Selection } from './selections.js';

export interface AgentCheckSource {
  readonly rules: RuleManager;
  readonly store: SampleStore;
  /** Flap control's flapping alerts (labels with the external labels), reported in their held state. */
  readonly flaps?: { flapping(): readonly FlappingAlert[] };
  readonly externalLabels?: Readonly<Record<string, string>>;
}

export interface AgentCheckQuery {
  readonly selections: readonly string[];
  readonly rules: readonly string[];
  readonly target?: string | undefined;
}

/** The verdict over the agent's current alert states; UNKNOWN for an unknown selection, rule or target. */
export function agentCheckDocument(
  source: AgentCheckSource,
  targets: readonly string[],
  query: AgentCheckQuery,
  nowMs: number,
): CheckDocument {
  const selections: Selection[] = [];
  for (const name of query.selections) {
    const selection = selectionNamed(name);
    if (!selection) return failureDocument('UNKNOWN', `unknown selection "${name}"`, query.target, nowMs);
    selections.push(selection);
  }
  if (query.target !== undefined && !targets.includes(query.target))
    return failureDocument('UNKNOWN', `no target named "${query.target}"`, query.target, nowMs);
  const all = source.rules.alertingRules();
  const missing = query.rules.filter((name) => !all.some((r) => r.def.name === name));
  if (missing.length)
    return failureDocument('UNKNOWN', `no alerting rule named ${missing.join(', ')}`, query.target, nowMs);
  const selected = selectedRuleNames(selections, query.rules);
  const rules = all.filter((r) => !selected || selected.has(r.def.name));
  if (rules.length === 0)
    return failureDocument('UNKNOWN', 'the selection matches no alerting rule of the rule files', query.target, nowMs);
  const checks = withFlapping(
    checksFromRules(rules, query.target),
    source.flaps?.flapping() ?? [],
    source.externalLabels ?? {},
    query.target,
  );
  const perfdata = perfdataValues(specsFor(perfdataSpecs(), selections, query.rules), {
    store: source.store,
    timeMs: nowMs,
    rules: source.rules.groups.flatMap((g) => g.def.rules),
    instance: query.target,
    prefixInstance: query.target === undefined && targets.length > 1,
  });
  // Statement text reaches the store only when the stat_statements_query collector is enabled: the config decided.
  const report = buildReport(
    reportSectionsFor(selections, query.rules),
    {
      store: source.store,
      timeMs: nowMs,
      instance: query.target,
      options: { ...DEFAULT_REPORT_OPTIONS, queryText: true },
    },
    NO_SESSIONS_FROM_AGENT,
  );
  return checkDocument(toNagios(checks, perfdata), checks, query.target, nowMs, report);
}
