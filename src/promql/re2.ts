// RE2 regular expressions for every pattern a user supplies (PromQL matchers and label_replace, Alertmanager matchers
// in routes, inhibit rules and silences, template functions, database filters), through the `re2js` port of RE2:
// Go's syntax and, above all, matching in time linear in the input, so no pattern can pin the event loop the way a
// backtracking engine does on `(a|a)*!`.
import { RE2JS } from 're2js';

/** A compiled RE2 pattern: `test` searches (unanchored unless the pattern anchors itself), `exec` returns the groups. */
export type Re2 = RE2JS;

/** A syntax error in a user's pattern, worded as Go's regexp package words it. */
export class Re2SyntaxError extends SyntaxError {}

/** Compiles like Go's regexp.Compile; a bad pattern throws Re2SyntaxError ("error parsing regexp: …: `…`"). */
export function compileRe2(pattern: string): Re2 {
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    throw new Re2SyntaxError((error as Error).message);
  }
}

/** Prometheus's and Alertmanager's label-matcher form: anchored at both ends around the whole alternation. */
export function compileAnchoredRe2(pattern: string): Re2 {
  // Compiled alone first, so an error names the user's pattern rather than the wrapped one.
  compileRe2(pattern);
  return compileRe2(`^(?:${pattern})$`);
}

/** A match as Go's FindAllStringSubmatchIndex gives it: start, end, numbered and named groups. */
export interface Re2Match {
  readonly index: number;
  readonly text: string;
  readonly groups: readonly (string | undefined)[];
  readonly named: Readonly<Record<string, string | undefined>>;
}

/**
 * Every match Go's ReplaceAllString would replace: successive non-overlapping matches, minus an empty match right
 * after the previous match (Go skips those; re2js's matchAll does not).
 */
export function* goMatches(re: Re2, text: string): Generator<Re2Match> {
  let lastEnd = -1;
  for (const m of re.matchAll(text)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const abutting = m[0] === '' && start === lastEnd && start !== 0;
    lastEnd = end;
    if (abutting) continue;
    yield { index: start, text: m[0], groups: [...m], named: { ...(m.groups ?? {}) } };
  }
}
