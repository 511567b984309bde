import { describe, expect, it } from 'vitest';
import { formatMatcher, matches, parseMatcher, parseMatchers } from '../../../src/notify/matcher.js';

describe('parseMatcher', () => {
  it.each([
    ['severity="critical"', 'severity', '=', 'critical'],
    ['severity=critical', 'severity', '=', 'critical'],
    ['env != "prod"', 'env', '!=', 'prod'],
    ['severity=~"critical|warning"', 'severity', '=~', 'critical|warning'],
    ['instance!~"db[0-9]+"', 'instance', '!~', 'db[0-9]+'],
    ['msg="say \\"hi\\""', 'msg', '=', 'say "hi"'],
    ['empty=""', 'empty', '=', ''],
  ])('%s', (text, name, type, value) => {
    expect(parseMatcher(text)).toEqual({ name, type, value });
  });

  it.each(['severity', '=critical', 'a=~"("', 'a="unterminated', '1abc="x"'])('rejects %s', (text) => {
    expect(() => parseMatcher(text)).toThrow();
  });
});

describe('parseMatchers', () => {
  it('splits brace groups on commas outside quotes', () => {
    const list = parseMatchers(['{a="1,2", b=~"x|y"}', 'c!=3']);
    expect(list.map(formatMatcher)).toEqual(['a="1,2"', 'b=~"x|y"', 'c!="3"']);
  });
});

describe('matches', () => {
  it.each([
    ['severity=~"critical|warning"', { severity: 'warning' }, true],
    ['severity=~"critical|warning"', { severity: 'criticality' }, false],
    ['severity=~"crit"', { severity: 'critical' }, false],
    ['severity!~"info"', { severity: 'critical' }, true],
    ['team=""', {}, true],
    ['team!=""', {}, false],
    ['team="db"', { team: 'db' }, true],
    ['team!="db"', { team: 'db' }, false],
  ])('%s on %j → %s', (text, labels, expected) => {
    expect(matches(parseMatcher(text), labels)).toBe(expected);
  });
});
