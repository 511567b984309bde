import { describe, expect, it } from 'vitest';
import { lateValuesOf, queryForm, rowKey, totalRows, withLateValues } from '../../../src/collect/late-cache.js';

describe('queryForm', () => {
  it.each([
    // candidates, max_series, relations counted at the last collection → form
    [true, 1000, undefined, 'ranked'],
    [true, 1000, 200, 'plain'],
    [true, 1000, 1000, 'plain'],
    [true, 1000, 1001, 'ranked'],
    [true, 0, 0, 'plain'],
    [true, undefined, 5, 'plain'],
    [false, 1000, undefined, 'plain'],
    [false, 1000, 5000, 'plain'],
  ] as const)('candidates %s, max_series %s, last total %s → %s', (candidates, max, last, form) => {
    expect(queryForm(candidates, max, last)).toBe(form);
  });
});

describe('totalRows', () => {
  it.each([
    [[], 0],
    [[{ pgwarden_total_rows: '1500' }, { pgwarden_total_rows: '1500' }], 1500],
    [[{ n: 1 }, { n: 2 }], 2],
  ])('%j → %d', (rows, total) => {
    expect(totalRows(rows)).toBe(total);
  });
});

describe('rowKey', () => {
  it('is the key column when there is one, else the label values', () => {
    const row = { relid: 16384, schemaname: 'public', relname: 't' };
    expect(rowKey(row, 'relid', ['schemaname', 'relname'])).toBe('16384');
    expect(rowKey(row, undefined, ['schemaname', 'relname'])).toBe('public\u0000t');
    expect(rowKey({ relname: 't' }, undefined, ['schemaname', 'relname'])).toBe('\u0000t');
    expect(rowKey({ schemaname: 's', relname: 't' }, 'relid', ['schemaname', 'relname'])).toBe('s\u0000t');
  });
});

describe('late values', () => {
  const keyOf = (row: Record<string, unknown>) => String(row.relid);
  const read = [
    { relid: 1, n: 5, table_size: '8192', index_size: '16384', pgwarden_skipped_total: '1' },
    { relid: 2, n: 6, table_size: null, index_size: null, pgwarden_skipped_total: '1' },
  ];

  it('keeps the late columns by key with the skipped count of that read', () => {
    const late = lateValuesOf(read, ['table_size', 'index_size'], keyOf, 60_000);
    expect(late.until).toBe(60_000);
    expect(late.skipped).toBe(1);
    expect(late.byKey.get('1')).toEqual({ table_size: '8192', index_size: '16384' });
    expect(lateValuesOf([], ['table_size'], keyOf, 1).skipped).toBe(0);
  });

  it('fills a later result by key; a relation unknown then, or skipped then, gets NULL', () => {
    const late = lateValuesOf(read, ['table_size', 'index_size'], keyOf, 60_000);
    const later = [
      { relid: 2, n: 7 },
      { relid: 1, n: 9 },
      { relid: 3, n: 1 },
    ];
    expect(withLateValues(later, ['table_size', 'index_size'], keyOf, late)).toEqual([
      { relid: 2, n: 7, table_size: null, index_size: null },
      { relid: 1, n: 9, table_size: '8192', index_size: '16384' },
      { relid: 3, n: 1, table_size: null, index_size: null },
    ]);
  });
});
