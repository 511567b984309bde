// Entries read back from state_dir files that a person or a crash may have left in any shape: what is kept.
import { describe, expect, it } from 'vitest';
import { isGroupVerdict } from '../../../src/collect/backups/restore/history.js';
import { isFinishedVerification } from '../../../src/collect/backups/verifier.js';

const last = {
  database: 'shop',
  type: 'full',
  file: '/b/shop_full_20240115_020000.sql.gz',
  size: 10,
  mtimeMs: 1,
  startedAt: 1,
  finishedAt: 2,
  success: true,
  problems: [],
  messages: [],
};

describe('isFinishedVerification', () => {
  it.each([
    [{ state: 'done', sha256: 'ab', archive: 'ok' }, true],
    [{ state: 'done', sha256: 'ab', md5: 'cd', archive: 'corrupt', detail: 'x' }, true],
    [{ state: 'pending' }, false],
    [{ state: 'unreadable', error: 'EIO' }, false],
    [{ state: 'done', archive: 'ok' }, false],
    [{ state: 'done', sha256: 'ab', archive: 'maybe' }, false],
    [null, false],
    ['done', false],
    [7, false],
  ])('%j: %s', (value, kept) => {
    expect(isFinishedVerification(value)).toBe(kept);
  });
});

describe('isGroupVerdict', () => {
  it.each([
    [{ last }, true],
    [{ last, lastSuccessAt: 2 }, true],
    [{ last: { ...last, file: 3 } }, false],
    [{ last: { ...last, finishedAt: '2' } }, false],
    [{ last: { ...last, success: 'yes' } }, false],
    [{ last: { ...last, problems: null } }, false],
    [{ last: null }, false],
    [{}, false],
    [null, false],
  ])('%j: %s', (value, kept) => {
    expect(isGroupVerdict(value)).toBe(kept);
  });
});
