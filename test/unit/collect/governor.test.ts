import { describe, expect, it } from 'vitest';
import { governedQuery, governorCounts, governorFamilies } from '../../../src/collect/governor.js';

const SQL = 'SELECT schemaname, relname, pg_table_size(relid) AS table_size FROM pg_stat_user_tables';

describe('governedQuery', () => {
  it('leaves SQL untouched when nothing governs it', () => {
    expect(governedQuery(SQL, {})).toEqual({ text: SQL, wrapped: false });
  });

  it('caps by the order column, descending with NULLs last, and counts rows before the cap', () => {
    const q = governedQuery(SQL, { maxSeries: 1000, orderBy: 'table_size' });
    expect(q.wrapped).toBe(true);
    expect(q.text).toContain('count(*) OVER () AS pgwarden_total_rows');
    expect(q.text).toMatch(/ORDER BY w\."table_size" DESC NULLS LAST\nLIMIT 1000\n\) g$/);
  });

  it.each([
    [{ include: { schema: '^app$' } }, ["q.schemaname ~ '^app$'"]],
    [{ exclude: { relation: '_old$' } }, ["q.relname !~ '_old$'"]],
    [{ exclude: { relation: "it's\\d" } }, ["q.relname !~ E'it''s\\\\d'"]],
    [
      { include: { schema: 's', relation: 'r' }, exclude: { schema: 'x', relation: 'y' } },
      ["q.schemaname ~ 's'", "q.relname ~ 'r'", "q.schemaname !~ 'x'", "q.relname !~ 'y'"],
    ],
  ])('filters by escaped regex literals: %j', (governance, conditions) => {
    const q = governedQuery(SQL, governance);
    expect(q.text).toContain(`WHERE ${conditions.join(' AND ')}`);
    expect(q.text).not.toContain('LIMIT');
  });

  it('computes late columns above the LIMIT, so only for the kept rows', () => {
    const q = governedQuery(SQL, {
      maxSeries: 10,
      orderBy: 'table_size',
      lateColumns: { index_size: 'pg_indexes_size(relid)' },
    });
    expect(q.text).toMatch(/^SELECT g\.\*, \(pg_indexes_size\(relid\)\) AS "index_size" FROM \(\nSELECT \* FROM/);
    expect(q.text.endsWith('LIMIT 10\n) g')).toBe(true);
    expect(() => governedQuery(SQL, { lateColumns: { 'Bad Name': '1' } })).toThrow(/late column/);
  });

  describe('with candidates: filters and the cap run on the ranking query first', () => {
    const candidates = { key: 'relid', query: 'SELECT oid AS relid, relname, relpages AS table_size FROM pg_class;' };
    const governance = {
      maxSeries: 100,
      orderBy: 'table_size',
      candidates,
      exclude: { relation: '_old$' },
      lateColumns: { index_size: 'pg_indexes_size(relid)' },
    };
    const { text, wrapped } = governedQuery(SQL, governance);

    it('keeps the largest filtered candidates, counted before the cap, in a materialized CTE', () => {
      expect(wrapped).toBe(true);
      expect(text).toMatch(/^WITH pgwarden_kept AS MATERIALIZED \(\nSELECT k\."relid", count\(\*\) OVER \(\)/);
      expect(text).toContain(
        'FROM pg_class\n) k\nWHERE k.relname !~ \'_old$\'\nORDER BY k."table_size" DESC NULLS LAST\nLIMIT 100\n)',
      );
    });

    it('reads only the kept keys from the collector query, with late columns and the ranking order', () => {
      expect(text).toContain('WHERE q."relid" = ANY (ARRAY(SELECT "relid" FROM pgwarden_kept))');
      expect(text).toContain('(SELECT max(pgwarden_candidates) FROM pgwarden_kept) AS pgwarden_total_rows');
      expect(text).toContain('SELECT g.*, (pg_indexes_size(relid)) AS "index_size" FROM (');
      expect(text.endsWith('\n) g\nORDER BY g."table_size" DESC NULLS LAST')).toBe(true);
      expect(text).not.toContain('WHERE q.relname');
    });

    it('is not used without a cap, and refuses a key that is not a plain column', () => {
      expect(governedQuery(SQL, { ...governance, maxSeries: undefined }).text).not.toContain('pgwarden_kept');
      const bad = { ...governance, candidates: { ...candidates, key: 'relid; DROP' } };
      expect(() => governedQuery(SQL, bad)).toThrow(/candidates.key/);
    });
  });

  it('sums the skipped-relation column only when the query has one', () => {
    expect(governedQuery(SQL, { maxSeries: 5, orderBy: 'table_size' }).text).toContain('0 AS pgwarden_skipped_total');
    const withSkip = `${SQL.replace(' FROM', ', 0 AS pgwarden_skipped FROM')};`;
    const q = governedQuery(withSkip, {});
    expect(q.wrapped).toBe(true);
    expect(q.text).toContain('sum(q.pgwarden_skipped) OVER () AS pgwarden_skipped_total');
    expect(q.text).not.toContain(';');
  });

  it.each([
    [{ maxSeries: 10 }, /needs order_by/],
    [{ maxSeries: 10, orderBy: 'size; DROP TABLE x' }, /plain lower-case column/],
    [{ maxSeries: -1, orderBy: 'size' }, /non-negative integer/],
    [{ maxSeries: 1.5, orderBy: 'size' }, /non-negative integer/],
  ])('rejects an unsafe or incomplete cap %j', (governance, message) => {
    expect(() => governedQuery(SQL, governance)).toThrow(message);
  });
});

describe('governorCounts', () => {
  it.each([
    [[], { dropped: 0, skipped: 0 }],
    [[{ a: 1 }], { dropped: 0, skipped: 0 }],
    [[{ pgwarden_total_rows: '3', pgwarden_skipped_total: '0' }], { dropped: 2, skipped: 0 }],
    [
      [
        { pgwarden_total_rows: 2, pgwarden_skipped_total: '1' },
        { pgwarden_total_rows: 2, pgwarden_skipped_total: '1' },
      ],
      { dropped: 0, skipped: 1 },
    ],
  ])('reads %j as %j', (rows, counts) => {
    expect(governorCounts(rows)).toEqual(counts);
  });
});

describe('governorFamilies', () => {
  it('reports dropped and skipped counts only for governed collectors', () => {
    const families = governorFamilies([
      { collector: 'stat_user_tables', droppedSeries: 500, skippedRelations: 1 },
      { collector: 'locks' },
    ]);
    expect(families.map((f) => [f.name, f.type, f.samples])).toEqual([
      ['pgwarden_collector_dropped_series', 'gauge', [{ labels: { collector: 'stat_user_tables' }, value: 500 }]],
      ['pgwarden_collector_skipped_relations', 'gauge', [{ labels: { collector: 'stat_user_tables' }, value: 1 }]],
    ]);
  });
  it('emits nothing when no collector is governed', () => {
    expect(governorFamilies([{ collector: 'locks' }])).toEqual([]);
  });
});
