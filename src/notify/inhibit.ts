// Inhibition (Alertmanager's semantics): a target alert is muted while a firing source alert exists whose `equal`
// labels have the same values. An alert that matches both sides does not inhibit itself.
import type { Labels } from '../collect/model.js';
import type { InhibitRuleConfig } from './config.js';
import { makeMatcher, matchesAll, parseMatchers, type Matcher } from './matcher.js';

export interface InhibitRule {
  readonly sourceMatchers: readonly Matcher[];
  readonly targetMatchers: readonly Matcher[];
  readonly equal: readonly string[];
}

export interface InhibitSource {
  readonly labels: Labels;
  readonly fingerprint: string;
}

/** pgwarden's default: while PostgreSQL is down, its other alerts are noise. */
export const BUILTIN_INHIBIT_RULES: readonly InhibitRule[] = [
  {
    sourceMatchers: [makeMatcher('alertname', '=', 'PostgresDown')],
    targetMatchers: [makeMatcher('alertname', '!=', 'PostgresDown')],
    equal: ['instance'],
  },
];

function legacy(match: Record<string, string> | undefined, matchRe: Record<string, string> | undefined): Matcher[] {
  return [
    ...Object.entries(match ?? {}).map(([name, value]) => makeMatcher(name, '=', value)),
    ...Object.entries(matchRe ?? {}).map(([name, value]) => makeMatcher(name, '=~', value)),
  ];
}

export function buildInhibitRule(config: InhibitRuleConfig): InhibitRule {
  return {
    sourceMatchers: [
      ...parseMatchers(config.source_matchers ?? []),
      ...legacy(config.source_match, config.source_match_re),
    ],
    targetMatchers: [
      ...parseMatchers(config.target_matchers ?? []),
      ...legacy(config.target_match, config.target_match_re),
    ],
    equal: config.equal,
  };
}

function inhibits(rule: InhibitRule, source: InhibitSource, target: InhibitSource): boolean {
  return (
    source.fingerprint !== target.fingerprint &&
    matchesAll(rule.sourceMatchers, source.labels) &&
    rule.equal.every((name) => (source.labels[name] ?? '') === (target.labels[name] ?? ''))
  );
}

/** Whether `target` is muted by any rule, given the currently firing alerts (the possible sources). */
export function isInhibited(
  rules: readonly InhibitRule[],
  target: InhibitSource,
  firing: readonly InhibitSource[],
): boolean {
  return rules.some(
    (rule) => matchesAll(rule.targetMatchers, target.labels) && firing.some((source) => inhibits(rule, source, target)),
  );
}

/** The fingerprints of the firing alerts that mute `target` (Alertmanager's `inhibitedBy`). */
export function inhibitedBy(
  rules: readonly InhibitRule[],
  target: InhibitSource,
  firing: readonly InhibitSource[],
): string[] {
  const by = new Set<string>();
  for (const rule of rules) {
    if (!matchesAll(rule.targetMatchers, target.labels)) continue;
    for (const source of firing) if (inhibits(rule, source, target)) by.add(source.fingerprint);
  }
  return [...by];
}
