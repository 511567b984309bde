import { describe, expect, it } from 'vitest';
import { anchoredRegex } from '../../../src/promql/matchers.js';

// Prometheus matches label values with RE2, fully anchored. These cases come from RE2 semantics; the ones with
// inline flags mirror Prometheus's own selector tests (`(?i:...)`, `((?i)...)`).
describe('anchoredRegex (RE2 through re2js)', () => {
  it.each<[string, string, boolean]>([
    ['api', 'api', true],
    ['api', 'api-2', false], // anchored at both ends
    ['a|b', 'b', true], // alternation stays inside the anchors
    ['(?i)API', 'api', true],
    ['(?i:PRO)duction', 'production', true],
    ['(?i:PRO)duction', 'PROduction', true],
    ['(?i:PRO)duction', 'proDUCTION', false], // the flag ends with its group
    ['.*((?i)TION)', 'production', true],
    ['((?i)du)ct', 'DUct', true],
    ['((?i)du)ct', 'DUCT', false],
    ['(?i)[a-c]x', 'BX', true],
    ['(?i)[^a]', 'A', false],
    ['(?i)\\d+', '123', true], // escapes are not case-swapped
    ['(?i)\\D', '1', false],
    ['(?P<name>a+)b', 'aab', true],
    ['a.b', 'a\nb', false], // . does not match newline by default
    ['(?s)a.b', 'a\nb', true],
    ['(?is)A.B', 'a\nb', true],
    ['(?i)a(?-i)b', 'Ab', true],
    ['(?i)a(?-i)b', 'AB', false],
    ['[]a]', ']', true], // a leading ] is literal
    ['(?U)a+', 'aa', true], // RE2's own flags: ungreedy ...
    ['(?m)^a$', 'a', true], // ... and multi-line
    ['a\\z', 'a', true],
    ['\\pL+', 'äb', true], // Unicode classes
    ['a{2}', 'aa', true],
  ])('%s ~ %j → %s', (pattern, value, matches) => {
    expect(anchoredRegex(pattern).test(value)).toBe(matches);
  });

  it.each([
    ['(', 'missing closing )'],
    ['a**', 'invalid nested repetition operator'],
    ['(?=a)b', 'invalid or unsupported Perl syntax'], // look-ahead: not RE2
    ['a{1001}', 'invalid repeat count'],
  ])('rejects %s in the words of Go', (pattern, reason) => {
    expect(() => anchoredRegex(pattern)).toThrow(SyntaxError);
    expect(() => anchoredRegex(pattern)).toThrow(reason);
  });
});

// The attack of issue 15: a backtracking engine takes exponential time on this; RE2 takes linear time. Bounded by the
// test's own timeout, so a regression fails rather than hanging the suite.
describe('catastrophic patterns run in linear time', () => {
  it('answers (a|a|a)*! on a long value', { timeout: 10_000 }, () => {
    const re = anchoredRegex('([a-z_]|[a-z_]|[a-z_])*!');
    expect(re.test('pg_scrape_collector_success'.repeat(1000))).toBe(false);
    expect(re.test('abc!')).toBe(true);
  });
});
