import { describe, expect, it } from 'vitest';
import { maskLiterals, reportQueryText } from '../../../src/check/report-sections/query-text.js';

describe('maskLiterals', () => {
  it.each([
    ["SELECT * FROM t WHERE a = 'x' AND b = 42", 'SELECT * FROM t WHERE a = ? AND b = ?'],
    ["ALTER ROLE app PASSWORD 'hunter2'", 'ALTER ROLE app PASSWORD ?'],
    ["CREATE USER u WITH PASSWORD $pw$it's$pw$", 'CREATE USER u WITH PASSWORD ?'],
    ["SELECT 'it''s', E'a\\'b', e'x'", 'SELECT ?, ?, ?'],
    ["SELECT X'1F', B'101', U&'d\\0061t'", 'SELECT ?, ?, ?'],
    ['SELECT $$body$$, $1, $2::int', 'SELECT ?, $1, $2::int'],
    ['SELECT 1.5e3, .5, 0x1F, t1.c2 FROM t1', 'SELECT ?, ?, ?, t1.c2 FROM t1'],
    ['SELECT "we\'ird" FROM "t""x"', 'SELECT "we\'ird" FROM "t""x"'],
    ["SELECT 1 -- 'secret'\nFROM t /* 'x' */", 'SELECT ?  \nFROM t  '],
    ["SELECT * FROM t WHERE a = 'cut off mid-liter", 'SELECT * FROM t WHERE a = ?'],
  ])('%j → %j', (input, masked) => {
    expect(maskLiterals(input)).toBe(masked);
  });
});

describe('reportQueryText', () => {
  it('is one line, white space collapsed', () => {
    expect(reportQueryText("SELECT a,\n\t  b\nFROM t WHERE c = 'x'")).toBe('SELECT a, b FROM t WHERE c = ?');
  });
  it('is capped with an ellipsis', () => {
    const text = reportQueryText(`SELECT ${'column_name, '.repeat(30)}x FROM t`, 40);
    expect(text).toHaveLength(40);
    expect(text.endsWith('…')).toBe(true);
  });
});
