import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** The user name and password of an `Authorization: Basic ...` header, or undefined when there is none. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

// Compared against when the user does not exist, so an unknown user costs as much as a wrong password and user names
// cannot be told apart by timing. (A bcrypt hash of a random string; no password matches it in practice.)
const UNKNOWN_USER_HASH = '$2b$10$EDRW33rLNwjH/dtAVCwbu.K16a6NuOGuHhsloKqnf.Sdii/DyplEa';

const CACHE_SIZE = 100;

/**
 * Checks basic-auth credentials against bcrypt hashes. A bcrypt check costs tens of milliseconds by design; scrapers
 * send the same credentials every few seconds, so outcomes are cached (as exporter-toolkit does) under a SHA-256 of
 * user, hash and password, which also means a changed hash (a reload) is never answered from the cache. Checks run
 * one at a time, so a burst of bad requests cannot occupy every core.
 */
export class BasicAuthVerifier {
  private readonly cache = new Map<string, boolean>();
  private queue: Promise<unknown> = Promise.resolve();

  async verify(users: ReadonlyMap<string, string>, user: string, password: string): Promise<boolean> {
    const known = users.get(user);
    const hash = known ?? UNKNOWN_USER_HASH;
    const key = createHash('sha256').update(user).update('\0').update(hash).update('\0').update(password).digest('hex');
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached && known !== undefined;
    const check = this.queue.then(() => bcrypt.compare(password, hash));
    this.queue = check.catch(() => undefined);
    const matches = await check.catch(() => false);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, matches);
    return matches && known !== undefined;
  }
}
