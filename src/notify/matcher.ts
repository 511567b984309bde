// Alertmanager label matchers: `name="value"`, `name!=value`, `name=~"re"`, `name!~"re"`, as used in routes, inhibit
// rules and silences. Regexes are anchored on both ends, as in Alertmanager.
import type { Labels } from '../collect/model.js';
import type { Matcher } from '../promql/ast.js';
import { anchoredRegex, labelsMatch, matcherMatches } from '../promql/matchers.js';

// The same shape and matching code as PromQL's selectors: one notion of "label matcher" in the agent.
export type { Matcher };
export type MatchOp = Matcher['type'];

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*|"(?:[^"\\]|\\.)*")\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;

function unquote(text: string): string {
  if (!(text.startsWith('"') && text.endsWith('"') && text.length >= 2)) return text;
  return text.slice(1, -1).replace(/\\(.)/g, (_all, ch: string) => (ch === 'n' ? '\n' : ch));
}

export function makeMatcher(name: string, type: MatchOp, value: string): Matcher {
  if (type === '=~' || type === '!~') {
    try {
      anchoredRegex(value);
    } catch (error) {
      throw new Error(`invalid regex in matcher ${name}${type}"${value}": ${(error as Error).message}`);
    }
  }
  return { name, type, value };
}

/** Parses one Alertmanager matcher string, e.g. `severity=~"critical|warning"` or `env = prod`. */
export function parseMatcher(text: string): Matcher {
  const match = MATCHER.exec(text);
  if (!match)
    throw new Error(`invalid matcher "${text}" (expected name="value", name!="value", name=~"re" or name!~"re")`);
  const [, rawName = '', op = '=', rawValue = ''] = match;
  if (rawValue.startsWith('"') && !/^"(?:[^"\\]|\\.)*"$/s.test(rawValue)) {
    throw new Error(`invalid matcher "${text}": unterminated quoted value`);
  }
  return makeMatcher(unquote(rawName), op as MatchOp, unquote(rawValue));
}

/** Parses a matcher list: each entry one matcher, or a `{a="b", c=~"d"}` group as Alertmanager also accepts. */
export function parseMatchers(entries: readonly string[]): Matcher[] {
  return entries.flatMap((entry) => splitMatcherGroup(entry).map(parseMatcher));
}

function splitMatcherGroup(entry: string): string[] {
  let text = entry.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && quoted) {
      current += ch + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}

/** A missing label matches as the empty string, as in Alertmanager and Prometheus. */
export function matches(matcher: Matcher, labels: Labels): boolean {
  return matcherMatches(matcher, labels[matcher.name] ?? '');
}

export function matchesAll(matchers: readonly Matcher[], labels: Labels): boolean {
  return labelsMatch(labels, matchers);
}

export function formatMatcher(matcher: Matcher): string {
  return `${matcher.name}${matcher.type}${JSON.stringify(matcher.value)}`;
}
