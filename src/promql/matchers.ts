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

export function matcherMatches(m: Matcher, value: string): boolean {
  switch (m.type) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return anchoredRegex(m.value).test(value);
    case '!~':
      return !anchoredRegex(m.value).test(value);
  }
}

export function labelsMatch(labels: Labels, matchers: readonly Matcher[]): boolean {
  for (const m of matchers) if (!matcherMatches(m, labels[m.name] ?? '')) return false;
  return true;
}
