import { describe, expect, it } from 'vitest';
import { matrixMajors } from '../../support/postgres-major.js';

describe('matrixMajors', () => {
  it.each([
    [undefined, [13, 18]],
    ['', [13, 18]],
    ['13,14,15,16,17,18', [13, 14, 15, 16, 17, 18]],
    [' 15 ', [15]],
  ])('PGWARDEN_TEST_MATRIX=%j -> %j', (value, majors) => {
    expect(matrixMajors(value === undefined ? {} : { PGWARDEN_TEST_MATRIX: value })).toEqual(majors);
  });
  it('rejects an unsupported major', () => {
    expect(() => matrixMajors({ PGWARDEN_TEST_MATRIX: '12,13' })).toThrow(/unsupported major "12"/);
  });
});
