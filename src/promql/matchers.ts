// Label matchers with Prometheus semantics: regexes are fully anchored; a missing label has the value "".
import type { Labels } from '../collect/model.js';
import type { Matcher } from './ast.js';

const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 10_000;

/**
 * Compiles a Prometheus (RE2) regex anchored at both ends. Go's `(?P<name>` groups and leading flag groups such as
 * `(?i)` (which JavaScript lacks) are translated. Cached; throws SyntaxError for invalid patterns.
 */
export function anchoredRegex(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    const flagGroup = /^\(\?([imsU]+)\)/.exec(source);
    const flags = flagGroup?.[1] ?? '';
    // (?m) would also change our outer anchors in JavaScript, and (?U) has no equivalent.
    if (/[mU]/.test(flags)) throw new SyntaxError(`the flags (?${flags}) are not supported`);
    const body = source.slice(flagGroup ? flagGroup[0].length : 0).replace(/\(\?P</g, '(?<');
    re = new RegExp(`^(?:${body})$`, flags);
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
