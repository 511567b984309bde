import { describe, expect, it } from 'vitest';
import { maskMessage, maskPasswords, normalizeStatement } from '../../../src/collect/serverlog/normalize.js';
import { maskedEvent } from '../../../src/collect/serverlog/recent.js';

describe('normalizeStatement: literals never shown', () => {
  const cases: [string, string][] = [
    ["SELECT * FROM t WHERE name = 'bob' AND id = 42", 'SELECT * FROM t WHERE name = ? AND id = ?'],
    ["SELECT 'it''s', E'a\\'b', 1.5e3, .5, 0x1F", 'SELECT ?, ?, ?, ?, ?'],
    ['SELECT * FROM t WHERE id IN (1, 2, 3)', 'SELECT * FROM t WHERE id IN (?)'],
    ['SELECT $1, $2 FROM t1 JOIN t2 USING (c3)', 'SELECT $1, $2 FROM t1 JOIN t2 USING (c3)'],
    ['SELECT $$secret$$, $tag$x$tag$', 'SELECT ?, ?'],
    ['SELECT "col 1" FROM "T"  -- note 123\n WHERE x=1 /* 4 */', 'SELECT "col 1" FROM "T" WHERE x=?'],
    ['SELECT a.b1 FROM t', 'SELECT a.b1 FROM t'],
    ["INSERT INTO t VALUES ('x', 1), ('y', 2)", 'INSERT INTO t VALUES (?), (?)'],
    ["ALTER ROLE bob PASSWORD 'hunter2'", 'ALTER ROLE bob PASSWORD ?'],
    ["SELECT 'unterminated", 'SELECT ?'],
  ];
  it.each(cases)('%s', (sql, expected) => {
    expect(normalizeStatement(sql)).toBe(expected);
  });
});

describe('maskPasswords: anywhere', () => {
  const cases: [string, string][] = [
    [
      "CREATE ROLE x LOGIN PASSWORD 'hunter2' VALID UNTIL 'infinity'",
      "CREATE ROLE x LOGIN PASSWORD '***' VALID UNTIL 'infinity'",
    ],
    ["alter user x with encrypted password 'a''b'", "alter user x with encrypted password '***'"],
    ['ALTER ROLE x PASSWORD $p$hunter2$p$', "ALTER ROLE x PASSWORD '***'"],
    ["ALTER ROLE x PASSWORD E'hun\\'ter2'", "ALTER ROLE x PASSWORD '***'"],
    ['nothing here', 'nothing here'],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(maskPasswords(text)).toBe(expected);
  });

  it('messages that carry a statement show it normalized', () => {
    expect(maskMessage("duration: 5.000 ms  statement: ALTER ROLE x PASSWORD 'hunter2'")).toBe(
      'duration: 5.000 ms  statement: ALTER ROLE x PASSWORD ?',
    );
  });

  it('an event shows no password or literal in any field', () => {
    const event = maskedEvent({
      severity: 'ERROR',
      message: 'syntax error at or near "PASSWORD \'hunter2\'"',
      detail: "role x PASSWORD 'hunter2'",
      context: 'SQL statement "ALTER ROLE x PASSWORD \'hunter2\'"',
      statement: "CREATE ROLE x PASSWORD 'hunter2' -- 'hunter2'",
    });
    expect(JSON.stringify(event)).not.toContain('hunter2');
  });
});
