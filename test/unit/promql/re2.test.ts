import { describe, expect, it } from 'vitest';
import { anchoredRegex } from '../../../src/promql/matchers.js';

// Prometheus matches label values with RE2, fully anchored. These cases come from RE2 semantics; the ones with
// inline flags mirror Prometheus's own selector tests (`(?i:...)`, `((?i)...)`).
describe('anchoredRegex (RE2 syntax on JavaScript)', () => {
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
  ])('%s ~ %j → %s', (pattern, value, matches) => {
    expect(anchoredRegex(pattern).test(value)).toBe(matches);
  });

  it.each(['(?U)a+', '(?m)^a$', '('])('rejects %s', (pattern) => {
    expect(() => anchoredRegex(pattern)).toThrow(SyntaxError);
  });
});
