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

describe('BasicAuthVerifier under a password-guessing flood', () => {
  const users = new Map([['prometheus', bcrypt.hashSync('scrape', 8)]]);

  it('answers a verified scraper from its cache while wrong passwords queue', { timeout: 60_000 }, async () => {
    const verifier = new BasicAuthVerifier();
    expect(await verifier.verify(users, 'prometheus', 'scrape')).toBe(true);
    const flood = Array.from({ length: 200 }, (_, i) =>
      verifier.verify(users, i % 2 ? 'prometheus' : 'nobody', `guess-${i}`),
    );
    // The flood fills the queue; the authorised scrape is answered from the cache before any guess was checked.
    expect(await verifier.verify(users, 'prometheus', 'scrape')).toBe(true);
    expect(verifier.counts.checked).toBe(1);
    expect(verifier.counts.cachedGood).toBe(1);
    expect(await Promise.all(flood)).toEqual(flood.map(() => false));
    // Beyond the waiting room, guesses are refused without a bcrypt check; every one counts as a failure.
    expect(verifier.counts.refusedBusy).toBeGreaterThan(100);
    expect(verifier.counts.checked).toBeLessThan(100);
    expect(verifier.counts.failures).toBe(200);
  });

  it('keeps verified credentials when hundreds of failures pass through', async () => {
    const verifier = new BasicAuthVerifier();
    const cheap = new Map([['a', bcrypt.hashSync('right', 4)]]);
    expect(await verifier.verify(cheap, 'a', 'right')).toBe(true);
    for (let i = 0; i < 240; i += 60) {
      await Promise.all(Array.from({ length: 60 }, (_, j) => verifier.verify(cheap, 'a', `wrong-${i + j}`)));
    }
    const checked = verifier.counts.checked;
    expect(await verifier.verify(cheap, 'a', 'right')).toBe(true);
    expect(verifier.counts.checked).toBe(checked); // from the cache, no new bcrypt check
  });

  it('answers a repeated wrong password from the failure cache', async () => {
    const verifier = new BasicAuthVerifier();
    expect(await verifier.verify(users, 'prometheus', 'nope')).toBe(false);
    expect(await verifier.verify(users, 'prometheus', 'nope')).toBe(false);
    expect(verifier.counts).toMatchObject({ checked: 1, cachedBad: 1, failures: 2 });
  });
});
