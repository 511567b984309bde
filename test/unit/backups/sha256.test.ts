import { describe, expect, it } from 'vitest';
import { expectedSha256, parseSha256File } from '../../../src/collect/backups/sha256.js';

const H = 'ab'.repeat(32);
const H2 = 'cd'.repeat(32);

describe('parseSha256File', () => {
  it.each([
    [`${H}  app_full_20240115_020000.sql.gz\n`, [{ hash: H, fileName: 'app_full_20240115_020000.sql.gz' }]],
    [`${H} *app_full_20240115_020000.sql.gz`, [{ hash: H, fileName: 'app_full_20240115_020000.sql.gz' }]],
    [`${H.toUpperCase()}  /var/backups/x.sql.gz`, [{ hash: H, fileName: '/var/backups/x.sql.gz' }]],
    [`${H}\tx.sql.gz`, [{ hash: H, fileName: 'x.sql.gz' }]],
    [`${H}\n`, [{ hash: H }]],
    [`SHA256 (x.sql.gz) = ${H}`, [{ hash: H, fileName: 'x.sql.gz' }]],
    [
      `${H}  a.sql.gz\r\n${H2}  b.sql.gz\r\n`,
      [
        { hash: H, fileName: 'a.sql.gz' },
        { hash: H2, fileName: 'b.sql.gz' },
      ],
    ],
  ])('reads %j', (text, entries) => {
    expect(parseSha256File(text)).toEqual(entries);
  });

  it.each(['', '\n', 'not a hash', `${H.slice(1)}  x.sql.gz`, `${H}0  x.sql.gz`, `md5 ${H}`, `${H}  a\ngarbage`])(
    'rejects %j',
    (text) => {
      expect(parseSha256File(text)).toBeNull();
    },
  );
});

describe('expectedSha256', () => {
  it.each([
    [[{ hash: H, fileName: 'x.sql.gz' }], 'x.sql.gz', H],
    [[{ hash: H, fileName: '/backups/x.sql.gz' }], 'x.sql.gz', H],
    [[{ hash: H }], 'x.sql.gz', H],
    [[{ hash: H, fileName: 'y.sql.gz' }], 'x.sql.gz', null],
    [
      [
        { hash: H, fileName: 'y.sql.gz' },
        { hash: H2, fileName: 'x.sql.gz' },
      ],
      'x.sql.gz',
      H2,
    ],
    [[{ hash: H }, { hash: H2 }], 'x.sql.gz', null],
  ])('%j for %s', (entries, name, expected) => {
    expect(expectedSha256(entries, name)).toBe(expected);
  });
});
