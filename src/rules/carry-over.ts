// What survives a reload or a restart: alert states per rule identity (same group name, rule name, expression and
// labels), and each group's counters and each rule's health.
import type { AlertState } from './alert-state.js';
import { AlertingRule } from './alerting-rule.js';
import { ruleIdentity, type RuleGroup } from './group.js';

/** Alert states of every alerting rule that has any, by rule identity (also the state file's content). */
export function alertStatesByRule(groups: readonly RuleGroup[]): Map<string, AlertState[]> {
  const states = new Map<string, AlertState[]>();
  for (const group of groups)
    for (const rule of group.rules)
      if (rule instanceof AlertingRule && rule.states.size > 0)
        states.set(ruleIdentity(group.def.name, rule.def), [...rule.states.values()]);
  return states;
}

/** Gives each alerting rule the states saved under its identity; adopted entries are removed from `saved`. */
export function adoptAlertStates(groups: readonly RuleGroup[], saved: Map<string, AlertState[]>): void {
  if (saved.size === 0) return;
  for (const group of groups)
    for (const rule of group.rules) {
      if (!(rule instanceof AlertingRule)) continue;
      const key = ruleIdentity(group.def.name, rule.def);
      const states = saved.get(key);
      if (!states) continue;
      rule.states = new Map(states.map((a) => [a.fingerprint, a]));
      saved.delete(key);
    }
}

/** Keeps evaluation counters (per group) and health (per unchanged rule) across a reload. */
export function adoptGroupStats(next: readonly RuleGroup[], previous: readonly RuleGroup[]): void {
  const byIdentity = new Map(previous.map((g) => [g.identity, g]));
  for (const group of next) {
    const old = byIdentity.get(group.identity);
    if (!old) continue;
    group.evaluations = old.evaluations;
    group.failures = old.failures;
    const oldRules = new Map(old.rules.map((r) => [ruleIdentity(old.def.name, r.def), r]));
    for (const rule of group.rules) {
      const oldRule = oldRules.get(ruleIdentity(group.def.name, rule.def));
      if (oldRule) rule.health.copyFrom(oldRule.health);
    }
  }
}
