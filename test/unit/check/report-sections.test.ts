import { describe, expect, it } from 'vitest';
import { buildReport, reportLines, type SessionRow, type StoreView } from '../../../src/check/report-sections/index.js';
import { SampleStore } from '../../../src/promql/index.js';

const NOW = 10 * 86_400_000;
const T = { instance: 'db1', datname: 'app', schemaname: 'public' };

function view(samples: [Record<string, string>, number][], options: Partial<StoreView> = {}): StoreView {
  const store = new SampleStore({ retentionMs: 3_600_000 });
  for (const [labels, value] of samples) store.append(labels, NOW, value);
  return { store, timeMs: NOW, instance: 'db1', options: { queryText: false, limit: 10 }, ...options };
}

const lines = (names: string[], v: StoreView, sessions: SessionRow[] | string = []) =>
  reportLines(buildReport(names, v, sessions));

describe('report sections from the store', () => {
  it('dead rows: a vacuum time of 0 is "never vacuumed", not an age since 1970', () => {
    const v = view([
      [{ __name__: 'pg_stat_user_tables_n_dead_tup', ...T, relname: 'never' }, 15000],
      [{ __name__: 'pg_stat_user_tables_n_live_tup', ...T, relname: 'never' }, 5000],
      [{ __name__: 'pg_stat_user_tables_last_vacuum', ...T, relname: 'never' }, 0],
      [{ __name__: 'pg_stat_user_tables_last_autovacuum', ...T, relname: 'never' }, 0],
      [{ __name__: 'pg_stat_user_tables_n_dead_tup', ...T, relname: 'old' }, 100],
      [{ __name__: 'pg_stat_user_tables_n_live_tup', ...T, relname: 'old' }, 900],
      [{ __name__: 'pg_stat_user_tables_last_vacuum', ...T, relname: 'old' }, 0],
      [{ __name__: 'pg_stat_user_tables_last_autovacuum', ...T, relname: 'old' }, NOW / 1000 - 3 * 86400],
    ]);
    expect(lines(['dead_rows'], v)).toEqual([
      'Dead rows and vacuum:',
      '  app public.never: 15,000 dead rows (75%), never vacuumed',
      '  app public.old: 100 dead rows (10%), vacuumed 3d ago',
    ]);
    const [section] = buildReport(['dead_rows'], v, []);
    expect(section?.rows[0]).toMatchObject({ relname: 'never', last_vacuum: null, vacuum_age_seconds: null });
  });

  it('slow queries: queryids unless statement text is allowed, then normalized', () => {
    const stmt = { instance: 'db1', user: 'app', datname: 'shop', queryid: '42' };
    const samples: [Record<string, string>, number][] = [
      [{ __name__: 'pg_stat_statements_seconds_total', ...stmt }, 12],
      [{ __name__: 'pg_stat_statements_calls_total', ...stmt }, 4000],
      [
        {
          __name__: 'pg_stat_statements_query_id',
          instance: 'db1',
          queryid: '42',
          query: "ALTER ROLE x PASSWORD 'pw'",
        },
        1,
      ],
    ];
    expect(lines(['slow_queries'], view(samples))).toEqual([
      'Top statements by total time (pg_stat_statements): (statement text is shown when the stat_statements_query collector is enabled (collectors.enable))',
      '  12s total, 3ms mean, 4,000 calls, app@shop: queryid 42',
    ]);
    expect(lines(['slow_queries'], view(samples, { options: { queryText: true, limit: 10 } }))).toEqual([
      'Top statements by total time (pg_stat_statements):',
      '  12s total, 3ms mean, 4,000 calls, app@shop: ALTER ROLE x PASSWORD ?',
    ]);
    expect(lines(['slow_queries'], view([]))).toEqual([
      'Top statements by total time (pg_stat_statements): none (no pg_stat_statements data (the extension is not installed here: see pgwarden doctor))',
    ]);
  });

  it('backup problems name a file when the run knows one; several targets prefix their lines', () => {
    const g = { database: 'shop', type: 'full' };
    const samples: [Record<string, string>, number][] = [
      [{ __name__: 'pg_backup_problems', instance: 'db1', ...g, problem: 'checksum_mismatch' }, 2],
      [{ __name__: 'pg_backup_problems', instance: 'db2', ...g, problem: 'failed' }, 1],
    ];
    const examples = new Map([['shop\u0000full\u0000checksum_mismatch', 'shop_full_20261203_020000.sql.gz']]);
    expect(lines(['backup_problems'], view(samples, { backupExamples: examples }))).toEqual([
      'Backup problems:',
      '  shop full: checksum mismatch in shop_full_20261203_020000.sql.gz and 1 more',
    ]);
    expect(lines(['backup_problems'], view(samples, { instance: undefined }))).toEqual([
      'Backup problems:',
      '  db1: shop full: checksum mismatch in 2 backups',
      '  db2: shop full: failed in 1 backup',
    ]);
  });

  it('connections inline; session sections without sessions say why; text from the database cannot break lines', () => {
    const v = view([
      [
        {
          __name__: 'pg_stat_activity_count',
          instance: 'db1',
          backend_type: 'client backend',
          state: 'active',
          usename: 'a|b\nc',
        },
        2,
      ],
      [
        {
          __name__: 'pg_stat_activity_count',
          instance: 'db1',
          backend_type: 'client backend',
          state: 'idle',
          usename: 'app',
        },
        5,
      ],
    ]);
    expect(lines(['connections_by_state', 'connections_by_user', 'active_queries'], v, 'agent only')).toEqual([
      'Connections by state: idle 5, active 2',
      'Connections by user: app 5, a/b c 2',
      'Active queries: none (agent only)',
    ]);
  });
});

describe('report sections from sessions', () => {
  const session = (over: Partial<SessionRow>): SessionRow => ({
    pid: 1,
    usename: 'app',
    datname: 'shop',
    application_name: 'api',
    state: 'active',
    wait_event_type: null,
    wait_event: null,
    query_seconds: 1,
    xact_seconds: 1,
    blocked_by: [],
    queryid: null,
    query: null,
    ...over,
  });
  const sessions = [
    session({ pid: 10, query_seconds: 2.5, query: "UPDATE t SET a = 'x' WHERE id = 7", queryid: '99' }),
    session({
      pid: 11,
      query_seconds: 30,
      wait_event_type: 'Lock',
      wait_event: 'tuple',
      blocked_by: [10],
      queryid: '98',
    }),
    session({ pid: 12, state: 'idle in transaction', query_seconds: 400, xact_seconds: 400 }),
  ];

  it('active queries longest first, waiting ones with their blockers, the oldest transactions', () => {
    expect(lines(['active_queries', 'waiting_queries', 'long_transactions'], view([]), sessions)).toEqual([
      'Active queries:',
      '  pid 11 app@shop (api) running 30s waiting on Lock:tuple: queryid 98',
      '  pid 10 app@shop (api) running 2.5s: UPDATE t SET a = ? WHERE id = ?',
      'Waiting queries:',
      '  pid 11 app@shop (api) waiting 30s for Lock:tuple, blocked by pid 10: queryid 98',
      'Oldest open transactions:',
      '  pid 12 app@shop (api) idle in transaction, transaction open 6m 40s: (statement text not shown)',
      '  pid 10 app@shop (api) active, transaction open 1s: UPDATE t SET a = ? WHERE id = ?',
      '  pid 11 app@shop (api) active, transaction open 1s: queryid 98',
    ]);
  });
});
