import { describe, expect, it } from 'vitest';
import { parseBackupMeta } from '../../../src/collect/backups/meta.js';
import { chooseBinaries, majorOfVersionText } from '../../../src/collect/backups/restore/binaries.js';
import { parseByteSize } from '../../../src/collect/backups/restore/byte-size.js';
import { restoreTestSchema } from '../../../src/collect/backups/restore/config.js';
import type { DrillResult, Inspection } from '../../../src/collect/backups/restore/model.js';
import { restoreReport } from '../../../src/collect/backups/restore/report.js';
import { nextDrillAt, parseSchedule, schedulePeriodSeconds } from '../../../src/collect/backups/restore/schedule.js';
import { isScratchName, scratchDatabaseName } from '../../../src/collect/backups/restore/scratch-name.js';
import { sameServer } from '../../../src/collect/backups/restore/scratch-server.js';
import { judgeInspection, judgeTool } from '../../../src/collect/backups/restore/verdict.js';

const DAY = 86_400_000;

describe('drill schedule', () => {
  it.each([
    ['weekly', 7 * DAY],
    ['daily', DAY],
    ['7d', 7 * DAY],
    ['12h', DAY / 2],
  ])('%s is an interval of %d ms', (text, ms) => {
    expect(parseSchedule(text)).toMatchObject({ kind: 'interval', ms });
    expect(nextDrillAt(parseSchedule(text) as never, 1000)).toBe(1000 + ms);
  });

  it('a cron expression runs at its next occurrence after the last drill', () => {
    const schedule = parseSchedule('0 3 * * 0');
    expect(schedule).toMatchObject({ kind: 'cron' });
    const last = Date.UTC(2026, 0, 1, 12); // a Thursday
    const next = new Date(nextDrillAt(schedule as never, last));
    expect([next.getDay(), next.getHours(), next.getMinutes()]).toEqual([0, 3, 0]);
    expect(schedulePeriodSeconds(schedule as never, last)).toBe(7 * 86_400);
  });

  it('never drilled: due at once; bad text: a message', () => {
    expect(nextDrillAt(parseSchedule('weekly') as never, undefined)).toBe(0);
    expect(parseSchedule('sometimes')).toMatch(/^not an interval \(7d, 12h, weekly\) or cron expression "sometimes"/);
    expect(parseSchedule('10s')).toBe('a drill schedule must be at least 1m apart');
  });
});

describe('restore_test config', () => {
  it('has defaults and names bad fields', () => {
    const ok = restoreTestSchema.parse({ server: 'postgresql://scratch/postgres' });
    expect(ok).toMatchObject({ time_limit: 1_800_000, size_limit: 10 * 1024 ** 3, allow_monitored_target: false });
    const bad = restoreTestSchema.safeParse({ size_limit: '3 apples', checks: [{ min: 1 }], schedule: 'x' });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^schedule: not an interval/),
        'size_limit: not a size "3 apples" (use bytes or 500MiB, 10GB, ...)',
        'checks.0: give exactly one of sql and table',
      ]),
    );
  });

  it.each([
    ['1024', 1024],
    ['500MiB', 500 * 1024 ** 2],
    ['10GB', 10e9],
    ['1.5 kB', 1500],
    ['ten', undefined],
    ['5 parsecs', undefined],
  ])('size %j is %s bytes', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));
});

describe('scratch databases', () => {
  it('are named after the database and time, within 63 bytes, and recognised', () => {
    const at = Date.UTC(2026, 11, 4, 14, 5, 9);
    expect(scratchDatabaseName('Shop-Prod', at, 'a1b2c3')).toBe('pgwarden_restore_shop_prod_20261204_140509_a1b2c3');
    const long = scratchDatabaseName('x'.repeat(100), at, 'a1b2c3');
    expect(long).toHaveLength(63);
    expect(long.endsWith('_20261204_140509_a1b2c3')).toBe(true);
    expect(isScratchName(long)).toBe(true);
    expect(isScratchName('pgwarden_restore_shop')).toBe(false);
    expect(isScratchName('shop')).toBe(false);
  });

  it.each([
    [{ host: 'localhost', port: 5432 }, { host: '127.0.0.1', port: 5432 }, true],
    [{ host: '::1', port: 5432 }, { host: '/var/run/postgresql', port: 5432 }, true],
    [{ host: 'db1', port: 5432 }, { host: 'DB1.', port: 5432 }, true],
    [{ host: 'localhost', port: 5432 }, { host: 'localhost', port: 5433 }, false],
    [{ host: 'db1', port: 5432 }, { host: 'db2', port: 5432 }, false],
  ])('%j and %j are the same server: %s', (a, b, same) => expect(sameServer(a, b)).toBe(same));
});

describe('client binaries', () => {
  it('prefer the newest major at least the dump major', () => {
    const c = [
      { dir: '/a', major: 15 },
      { dir: '/b', major: 17 },
      { dir: '/c', major: 13 },
    ];
    expect(chooseBinaries(c)?.major).toBe(17);
    expect(chooseBinaries(c, 18)?.major).toBe(17);
    expect(chooseBinaries([], 15)).toBeUndefined();
    expect(majorOfVersionText('psql (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)')).toBe(15);
  });
});

describe('drill verdict', () => {
  it.each([
    [{ exitCode: 0, output: '' }, []],
    [
      { exitCode: 3, output: 'psql:<stdin>:10: ERROR:  relation "x" does not exist\n' },
      ['restore tool exited with 3', 'psql:<stdin>:10: ERROR:  relation "x" does not exist'],
    ],
    [
      { exitCode: 0, output: 'pg_restore: error: could not execute query\n' },
      ['pg_restore: error: could not execute query'],
    ],
    [
      { exitCode: 0, output: '', inputError: 'unexpected end of file' },
      ['the dump could not be read to its end: unexpected end of file'],
    ],
    [{ exitCode: 0, output: 'NOTICE: table "ERROR" created\n' }, []],
  ])('tool %j', (tool, messages) => {
    const verdict = judgeTool(tool);
    expect(verdict.messages).toEqual(messages);
    expect(verdict.problems).toEqual(messages.length ? ['restore_error'] : []);
  });

  const inspection: Inspection = {
    tables: 3,
    rows: 1008,
    tableRows: { 'public.orders': 5, 'public.gone': null },
    checks: [
      { name: 'table public.events', value: 1000, min: 1000 },
      { name: 'SELECT 1', value: 0, min: 1 },
    ],
    analyzed: true,
  };

  it('compares the restored database with the .meta and the checks', () => {
    expect(judgeInspection(inspection, { tables: 4, rows: { 'public.orders': 6, 'public.gone': 1 } }).messages).toEqual(
      [
        '3 tables restored, the .meta says 4',
        'table public.orders has 5 rows, the .meta says 6',
        'table public.gone is missing',
        'check SELECT 1 gave 0, at least 1 expected',
      ],
    );
    const good = { ...inspection, tableRows: { 'public.orders': 5 }, checks: inspection.checks.slice(0, 1) };
    expect(judgeInspection(good, { tables: 3, rows: { 'public.orders': 5 } })).toEqual({
      success: true,
      problems: [],
      messages: [],
    });
    expect(judgeInspection({ ...good, analyzed: false }, undefined).messages).toEqual(['ANALYZE did not run']);
  });
});

describe('restore-test report', () => {
  const base: DrillResult = {
    database: 'shop',
    type: 'full',
    file: '/b/shop_full_20260101_020000.sql.gz',
    size: 100,
    mtimeMs: 0,
    startedAt: 0,
    finishedAt: 2500,
    success: true,
    problems: [],
    messages: [],
    tables: 3,
    rows: 1008,
  };
  it.each([
    [[base], 0, 'RESTORE-TEST OK - 1 restore drill succeeded: shop full: restored 3 tables, 1008 rows in 2.5s'],
    [
      [base, { ...base, type: 'schema', success: false, problems: ['restore_error'], messages: ['ERROR: x | y\nz'] }],
      2,
      'RESTORE-TEST CRITICAL - 1 of 2 restore drills failed: shop schema: restore_error: ERROR: x / y z',
    ],
    [
      [{ ...base, success: false, problems: ['client_missing'], messages: ['psql and pg_restore not found'] }],
      3,
      'RESTORE-TEST UNKNOWN - 1 of 1 restore drills failed: shop full: client_missing: psql and pg_restore not found',
    ],
    [[], 1, 'RESTORE-TEST WARNING - no good dump to drill'],
  ] as Array<[DrillResult[], number, string]>)('%#: exit %d, %s', (results, code, line) => {
    const report = restoreReport(results);
    expect(report.code).toBe(code);
    expect(report.text.split('\n')[0]!.split(' | ')[0]).toBe(line);
  });
});

describe('.meta for restore drills', () => {
  it('reads tables and rows as lines and as JSON', () => {
    expect(parseBackupMeta('tables=3\nrows.public.orders=5\nrows.customers=3\n').meta).toEqual({
      tables: 3,
      rows: { 'public.orders': 5, customers: 3 },
    });
    expect(parseBackupMeta('{"tables": 2, "rows": {"orders": 5}}').meta).toEqual({ tables: 2, rows: { orders: 5 } });
    expect(parseBackupMeta('tables=x\nrows.orders=-1\n').problems).toEqual([
      'invalid tables: "x"',
      'invalid rows.orders: "-1"',
    ]);
  });
});
