import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { BasicAuthVerifier, parseBasicAuth } from '../../../src/http/web/basic-auth.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('parseBasicAuth', () => {
  it.each([
    [basic('alice:s3cret'), { user: 'alice', password: 's3cret' }],
    [basic('alice:pa:ss'), { user: 'alice', password: 'pa:ss' }],
    [basic('alice:'), { user: 'alice', password: '' }],
    [basic('nocolon'), undefined],
    ['Bearer abc', undefined],
    [undefined, undefined],
  ])('%s', (header, expected) => {
    expect(parseBasicAuth(header)).toEqual(expected);
  });
});

describe('BasicAuthVerifier', () => {
  const users = new Map([['alice', bcrypt.hashSync('s3cret', 4)]]);

  it('accepts the right password, and again from its cache', async () => {
    const verifier = new BasicAuthVerifier();
    expect(await verifier.verify(users, 'alice', 's3cret')).toBe(true);
    expect(await verifier.verify(users, 'alice', 's3cret')).toBe(true);
  });

  it('rejects a wrong password, an unknown user, and a password whose hash changed since it was cached', async () => {
    const verifier = new BasicAuthVerifier();
    expect(await verifier.verify(users, 'alice', 'wrong')).toBe(false);
    expect(await verifier.verify(users, 'mallory', 's3cret')).toBe(false);
    expect(await verifier.verify(users, 'alice', 's3cret')).toBe(true);
    const rotated = new Map([['alice', bcrypt.hashSync('n3w', 4)]]);
    expect(await verifier.verify(rotated, 'alice', 's3cret')).toBe(false);
    expect(await verifier.verify(rotated, 'alice', 'n3w')).toBe(true);
  });
});
