// Label matchers with Prometheus semantics: regexes are fully anchored; a missing label has the value "".
import type { Labels } from '../collect/model.js';
import type { Matcher } from './ast.js';
import { translateRe2 } from './re2.js';

const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 10_000;

/** Compiles a Prometheus (RE2) regex anchored at both ends (see re2.ts for the syntax translated). Cached. */
export function anchoredRegex(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    re = new RegExp(`^(?:${translateRe2(source)})$`);
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
