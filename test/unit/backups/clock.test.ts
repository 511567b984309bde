import { describe, expect, it } from 'vitest';
import { clampedMtimeMs, FUTURE_TOLERANCE_MS, isFutureMtime } from '../../../src/collect/backups/clock.js';
import { hasImpossibleDate } from '../../../src/collect/backups/filename.js';

const NOW = Date.UTC(2026, 0, 1);

describe('clampedMtimeMs', () => {
  it.each([
    ['a file written before it was seen', NOW - 5_000, NOW, NOW - 5_000],
    ['a file dated 2099, first seen now', Date.UTC(2099, 0, 1), NOW, NOW],
    ['a file a second ahead', NOW + 1_000, NOW, NOW],
  ])('%s', (_case, mtime, firstSeen, expected) => {
    expect(clampedMtimeMs(mtime, firstSeen)).toBe(expected);
  });
});

describe('isFutureMtime', () => {
  it.each([
    [NOW - 1, false],
    [NOW + FUTURE_TOLERANCE_MS, false],
    [NOW + FUTURE_TOLERANCE_MS + 1, true],
    [Date.UTC(2099, 0, 1), true],
  ])('%i -> %s', (mtime, future) => {
    expect(isFutureMtime(mtime, NOW)).toBe(future);
  });
});

describe('hasImpossibleDate', () => {
  it.each([
    ['shop_full_20241340_250000.sql.gz', true],
    ['shop_full_20240230_020000.sql.gz', true],
    ['shop_full_20240101_246000.sql.gz', true],
    ['shop_full_20240229_020000.sql.gz', false],
    ['shop_full_20240101_020000.sql.gz', false],
    ['shop_full_20240101.sql.gz', false],
    ['notes.txt', false],
  ])('%s -> %s', (name, impossible) => {
    expect(hasImpossibleDate(name, 'UTC')).toBe(impossible);
  });
});
