import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatMillis,
  formatPercent,
  formatSeconds,
} from '../../../src/check/report-sections/format.js';

describe('report number formats', () => {
  it.each([
    [0.0042, '0.004s'],
    [2.345, '2.3s'],
    [42.4, '42s'],
    [725, '12m 5s'],
    [3600, '1h'],
    [11040, '3h 4m'],
    [1_796_400, '20d 19h'],
    [NaN, '?'],
  ])('formatSeconds(%d) = %s', (s, text) => expect(formatSeconds(s)).toBe(text));

  it.each([
    [0.42, '0.42ms'],
    [12.34, '12.3ms'],
    [1500, '1.5s'],
  ])('formatMillis(%d) = %s', (ms, text) => expect(formatMillis(ms)).toBe(text));

  it.each([
    [512, '512 B'],
    [8192, '8.0 KiB'],
    [1.25 * 1024 ** 3, '1.3 GiB'],
  ])('formatBytes(%d) = %s', (b, text) => expect(formatBytes(b)).toBe(text));

  it('counts and percentages', () => {
    expect(formatCount(15000)).toBe('15,000');
    expect(formatPercent(0.75)).toBe('75%');
    expect(formatPercent(0.012)).toBe('1.2%');
    expect(formatPercent(0)).toBe('0%');
  });
});
