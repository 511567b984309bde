import { describe, expect, it } from 'vitest';
import {
  assessCollector,
  doctorExitCode,
  quoteIdent,
  setupSql,
  type CollectorInfo,
  type CollectorReport,
  type ServerFacts,
} from '../../../src/collect/readiness.js';

const MONITOR: ServerFacts = {
  major: 16,
  role: 'pgwarden',
  superuser: false,
  pgMonitor: true,
  readAllStats: true,
  sharedPreloadLibraries: ['pg_stat_statements'],
  installedExtensions: ['plpgsql', 'pg_stat_statements'],
  availableExtensions: ['plpgsql', 'pg_stat_statements'],
  trackIoTiming: true,
  unreachableDatabases: [],
};
const BARE: ServerFacts = {
  ...MONITOR,
  role: 'App-User',
  pgMonitor: false,
  readAllStats: false,
  sharedPreloadLibraries: [],
  installedExtensions: ['plpgsql'],
  trackIoTiming: false,
};
const info = (name: string, extra: Partial<CollectorInfo> = {}): CollectorInfo => ({
  name,
  enabled: true,
  scope: 'server',
  supported: true,
  ...extra,
});

describe('assessCollector', () => {
  it.each([
    ['locks with pg_monitor', info('locks'), MONITOR, { ok: true }, 'ok', []],
    ['locks without pg_monitor', info('locks'), BARE, { ok: true }, 'ok', []],
    [
      'stat_activity without pg_monitor',
      info('stat_activity'),
      BARE,
      { ok: true },
      'degraded',
      [/GRANT pg_monitor TO "App-User";/],
    ],
    [
      'stat_database without track_io_timing',
      info('stat_database'),
      BARE,
      { ok: true },
      'degraded',
      [/track_io_timing is off/],
    ],
    [
      'wal denied',
      info('wal'),
      BARE,
      { ok: false, code: '42501', message: 'permission denied for function pg_ls_waldir' },
      'failing',
      [/permission denied/, /^missing privilege: GRANT pg_monitor TO "App-User";$/],
    ],
    [
      'a timeout is failing without a grant hint',
      info('x'),
      MONITOR,
      { ok: false, code: '57014', message: 'canceling' },
      'failing',
      [/canceling/],
    ],
    [
      'checkpointer on 16',
      info('stat_checkpointer', { supported: false }),
      MONITOR,
      undefined,
      'inactive',
      [/no query for PostgreSQL 16/],
    ],
    [
      'statements without the extension anywhere',
      info('stat_statements', { requiresExtension: 'pg_stat_statements' }),
      { ...BARE, availableExtensions: [] },
      undefined,
      'inactive',
      [/not installed on the server/, /not in shared_preload_libraries/, /CREATE EXTENSION pg_stat_statements;/],
    ],
    [
      'statements with the extension',
      info('stat_statements', { requiresExtension: 'pg_stat_statements' }),
      MONITOR,
      { ok: true },
      'ok',
      [],
    ],
    [
      'per-database collector with an unreachable database',
      info('stat_user_tables', { scope: 'database' }),
      { ...MONITOR, unreachableDatabases: ['secret'] },
      { ok: true },
      'degraded',
      [/not collected in: secret/],
    ],
  ] as const)('%s', (_label, collector, facts, trial, status, notes) => {
    const report = assessCollector(collector, facts, trial);
    expect(report.status).toBe(status);
    expect(report.notes).toHaveLength(notes.length);
    notes.forEach((pattern, i) => expect(report.notes[i]).toMatch(pattern));
  });
});

describe('doctorExitCode', () => {
  const r = (enabled: boolean, status: CollectorReport['status']): CollectorReport => ({
    collector: 'c',
    enabled,
    status,
    notes: [],
  });
  it.each([
    [[r(true, 'ok'), r(true, 'degraded'), r(true, 'inactive')], 0],
    [[r(true, 'ok'), r(false, 'failing')], 0],
    [[r(true, 'failing')], 1],
  ])('%j -> %i', (reports, code) => {
    expect(doctorExitCode(reports)).toBe(code);
  });
});

describe('setupSql', () => {
  it('asks only for what is missing', () => {
    const sql = setupSql(MONITOR);
    expect(sql).toContain('-- (already granted) GRANT pg_monitor TO pgwarden;');
    expect(sql).toContain('-- (already created) CREATE EXTENSION IF NOT EXISTS pg_stat_statements;');
    expect(sql).not.toContain('shared_preload_libraries =');
    expect(sql).not.toContain('track_io_timing');
  });
  it('lists every step for a bare role', () => {
    const lines = setupSql(BARE).split('\n');
    expect(lines).toContain('GRANT pg_monitor TO "App-User";');
    expect(lines).toContain('CREATE EXTENSION IF NOT EXISTS pg_stat_statements;');
    expect(lines).toContain('ALTER SYSTEM SET track_io_timing = on;');
    expect(lines.some((l) => l.startsWith("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"))).toBe(
      true,
    );
  });
});

describe('quoteIdent', () => {
  it.each([
    ['pgwarden', 'pgwarden'],
    ['App-User', '"App-User"'],
    ['we"ird', '"we""ird"'],
  ])('%s -> %s', (name, quoted) => expect(quoteIdent(name)).toBe(quoted));
});

describe('a role that cannot read shared_preload_libraries', () => {
  const hidden: ServerFacts = { ...BARE, sharedPreloadLibraries: null };
  it('says the library must be preloaded instead of claiming it is not', () => {
    const report = assessCollector(
      info('stat_statements', { requiresExtension: 'pg_stat_statements' }),
      hidden,
      undefined,
    );
    expect(report.notes).toContain(
      'pg_stat_statements must be in shared_preload_libraries (add it and restart PostgreSQL)',
    );
    expect(setupSql(hidden)).toContain("-- Make sure shared_preload_libraries contains 'pg_stat_statements'");
    expect(setupSql(hidden)).not.toContain('ALTER SYSTEM SET shared_preload_libraries');
  });
});
