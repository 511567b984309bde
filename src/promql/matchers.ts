// Label matchers with Prometheus semantics: regexes are fully anchored; a missing label has the value "".
import type { Labels } from '../collect/model.js';
import type { Matcher } from './ast.js';
import { compileAnchoredRe2, type Re2 } from './re2.js';

const regexCache = new Map<string, Re2>();
const REGEX_CACHE_LIMIT = 10_000;

/** Compiles a Prometheus (RE2) regex anchored at both ends; matching is linear in the value (re2.ts). Cached. */
export function anchoredRegex(source: string): Re2 {
  let re = regexCache.get(source);
  if (!re) {
    re = compileAnchoredRe2(source);
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    regexCache.set(source, re);
  }
  return re;
}

const results = new Map<string, Map<string, boolean>>();
/** Distinct values remembered per pattern; a pattern that sees more starts over (memory stays bounded). */
const RESULTS_PER_PATTERN = 4096;

/**
 * Whether `value` matches the anchored pattern, remembered per pattern and value: selectors test the same few label
 * values (database names, states) on every target's series in every round, and the RE2 port is slow per match.
 */
function regexMatches(pattern: string, value: string): boolean {
  let known = results.get(pattern);
  if (!known) {
    if (results.size >= REGEX_CACHE_LIMIT) results.clear();
    results.set(pattern, (known = new Map()));
  }
  let match = known.get(value);
  if (match === undefined) {
    match = anchoredRegex(pattern).test(value);
    if (known.size >= RESULTS_PER_PATTERN) known.clear();
    known.set(value, match);
  }
  return match;
}

export function matcherMatches(m: Matcher, value: string): boolean {
  switch (m.type) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return regexMatches(m.value, value);
    case '!~':
      return !regexMatches(m.value, value);
  }
}

export function labelsMatch(labels: Labels, matchers: readonly Matcher[]): boolean {
  for (const m of matchers) if (!matcherMatches(m, labels[m.name] ?? '')) return false;
  return true;
}
