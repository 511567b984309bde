import { describe, expect, it } from 'vitest';
import { prefixParser, prefixPattern } from '../../../src/collect/serverlog/prefix.js';

describe('log_line_prefix parsing', () => {
  const cases: [prefix: string, line: string, expected: Record<string, unknown> | undefined][] = [
    [
      '%m [%p] ',
      '2026-12-04 14:21:40.290 UTC [30017] LOG:  database system is ready to accept connections',
      {
        pid: '30017',
        severity: 'LOG',
        text: 'database system is ready to accept connections',
        timestamp: '2026-12-04 14:21:40.290 UTC',
      },
    ],
    [
      '%m [%p] %q%u@%d %e ',
      '2026-12-04 14:21:40.573 UTC [30039] postgres@postgres 22012 ERROR:  division by zero',
      {
        pid: '30039',
        user: 'postgres',
        database: 'postgres',
        sqlstate: '22012',
        severity: 'ERROR',
        text: 'division by zero',
      },
    ],
    // %q: a non-session process stops there.
    [
      '%m [%p] %q%u@%d %e ',
      '2026-12-04 14:21:40.705 UTC [30028] LOG:  checkpoint starting: time',
      { pid: '30028', user: undefined, severity: 'LOG' },
    ],
    // Debian's default. Ambiguous when a name holds the separator: the user ends at the first '@'.
    [
      '%m [%p] %q%u@%d ',
      '2024-01-15 02:00:00.123 CET [42] app@corp@shop FATAL:  x',
      { user: 'app', database: 'corp@shop', severity: 'FATAL' },
    ],
    [
      '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
      '2024-01-15 02:00:00 UTC [7]: [3-1] user=bob,db=sales,app=psql,client=10.0.0.9 LOG:  connection authorized: user=bob',
      { user: 'bob', database: 'sales', application: 'psql', client: '10.0.0.9' },
    ],
    [
      '%r %u ',
      '192.168.1.5(51234) alice WARNING:  careful',
      { client: '192.168.1.5', user: 'alice', severity: 'WARNING' },
    ],
    ['%n|%-10u|', '1700000000.123|bob       |LOG:  hi', { timestamp: '1700000000.123', user: 'bob', text: 'hi' }],
    ['%m [%p] ', '2026-12-04 14:21:40.290 UTC [30017] DEBUG3:  detail', { severity: 'DEBUG3' }],
    // Continuation lines and lines from another prefix are not message starts.
    ['%m [%p] ', '\tFROM t', undefined],
    ['%m [%p] ', 'random text LOG:  hi', undefined],
    ['', 'LOG:  plain', { severity: 'LOG', text: 'plain' }],
  ];
  it.each(cases)('%s | %s', (prefix, line, expected) => {
    const parsed = prefixParser(prefix).parse(line);
    if (expected === undefined) {
      expect(parsed).toBeUndefined();
      return;
    }
    expect(parsed).toBeDefined();
    const flat = { ...parsed?.fields, severity: parsed?.severity, text: parsed?.text };
    expect(flat).toMatchObject(expected);
  });

  it('names an unknown escape', () => {
    expect(() => prefixPattern('%m %Z ')).toThrow(/unknown escape %Z/);
  });
});
