import { describe, expect, it } from 'vitest';
import { parseBackupFileName } from '../../../src/collect/backups/filename.js';
import { wallClockToEpochMs } from '../../../src/collect/backups/timezone.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

describe('parseBackupFileName', () => {
  it.each([
    ['promptforge_prod_full_20240115_020000.sql.gz', 'UTC', 'promptforge_prod', 'full', utc(2024, 1, 15, 2)],
    ['app_schema_20240115_020000.sql.gz', 'UTC', 'app', 'schema', utc(2024, 1, 15, 2)],
    ['a_b_c_incremental_20231231_235959.sql.gz', 'UTC', 'a_b_c', 'incremental', utc(2023, 12, 31, 23, 59, 59)],
    ['db_full_full_20240115_020000.sql.gz', 'UTC', 'db_full', 'full', utc(2024, 1, 15, 2)],
    ['x_full_20240115_020000.sql.gz', 'Europe/Berlin', 'x', 'full', utc(2024, 1, 15, 1)],
    ['x_full_20240715_020000.sql.gz', 'Europe/Berlin', 'x', 'full', utc(2024, 7, 15, 0)],
    ['x_full_20240229_120000.sql.gz', 'America/New_York', 'x', 'full', utc(2024, 2, 29, 17)],
  ])('%s in %s', (name, tz, database, type, timestamp) => {
    expect(parseBackupFileName(name, tz)).toEqual({ database, type, timestamp, format: 'plain-gz' });
  });

  it.each([
    ['app_full_20240115_020000.sql', 'plain'],
    ['app_full_20240115_020000.dump', 'custom'],
    ['app_full_20240115_020000.sql.gz', 'plain-gz'],
  ])('%s is a %s dump', (name, format) => {
    expect(parseBackupFileName(name, 'UTC')?.format).toBe(format);
  });

  it.each([
    'app_full_20240115_020000.sql.bz2',
    'app_full_20240115_020000.sql.gz.sha256',
    'app_full_20240115_020000.sql.gz.meta',
    'app_Full_20240115_020000.sql.gz',
    'app_full2_20240115_020000.sql.gz',
    '_full_20240115_020000.sql.gz',
    'full_20240115_020000.sql.gz',
    'app_full_20240230_020000.sql.gz',
    'app_full_20241301_020000.sql.gz',
    'app_full_20240115_240000.sql.gz',
    'app_full_20240115_026000.sql.gz',
    'app_full_2024011_020000.sql.gz',
    'wal_archive',
    '',
  ])('ignores %j', (name) => {
    expect(parseBackupFileName(name, 'UTC')).toBeNull();
  });

  it('uses the agent local zone when none is configured', () => {
    expect(parseBackupFileName('x_full_20240115_020000.sql.gz')?.timestamp).toBe(
      new Date(2024, 0, 15, 2, 0, 0).getTime() / 1000,
    );
  });
});

describe('wallClockToEpochMs', () => {
  it.each([
    ['America/New_York', 2024, 3, 10, 2, 30, Date.UTC(2024, 2, 10, 7, 30)],
    ['Europe/Berlin', 2024, 3, 31, 2, 30, Date.UTC(2024, 2, 31, 1, 30)],
  ])('in %s moves a skipped time forward by the jump', (tz, y, mo, d, h, mi, expected) => {
    expect(wallClockToEpochMs({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, tz)).toBe(expected);
  });

  it.each([
    ['America/New_York', 2024, 11, 3, 1, 30, Date.UTC(2024, 10, 3, 5, 30)],
    ['Europe/Berlin', 2024, 10, 27, 2, 30, Date.UTC(2024, 9, 27, 0, 30)],
  ])('in %s resolves a repeated time to its earlier instant', (tz, y, mo, d, h, mi, expected) => {
    expect(wallClockToEpochMs({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, tz)).toBe(expected);
  });

  it('keeps milliseconds', () => {
    const wall = { year: 2024, month: 7, day: 1, hour: 12, minute: 0, second: 0, millisecond: 250 };
    expect(wallClockToEpochMs(wall, 'Europe/Berlin')).toBe(Date.UTC(2024, 6, 1, 10, 0, 0, 250));
  });

  it('handles zones with non-hour offsets', () => {
    const wall = { year: 2024, month: 1, day: 15, hour: 2, minute: 0, second: 0 };
    expect(wallClockToEpochMs(wall, 'Asia/Kolkata')).toBe(Date.UTC(2024, 0, 14, 20, 30));
  });
});
