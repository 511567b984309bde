import { createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { MetricFamily } from '../../collect/model.js';

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

/** Verified credentials kept; a flood of wrong passwords has its own cache and cannot evict these. */
const GOOD_CACHE_SIZE = 1000;
const BAD_CACHE_SIZE = 1000;
/** bcrypt checks running at once, and waiting: beyond that a check is refused at once (401), not queued. */
const CONCURRENT_CHECKS = 2;
const MAX_WAITING_CHECKS = 64;

/** A bounded insertion-ordered map: the oldest entry goes when it is full. */
function remember(map: Map<string, true>, key: string, limit: number): void {
  if (map.size >= limit) map.delete(map.keys().next().value as string);
  map.set(key, true);
}

/**
 * Checks basic-auth credentials against bcrypt hashes. A bcrypt check costs tens of milliseconds of CPU by design, so
 * a flood of wrong passwords must not delay an authorised scraper:
 * - outcomes are cached under an HMAC (a key made per process) of user, hash and password, so the cache holds nothing
 *   an attacker who reads memory could test offline, and a changed hash (a reload) is never answered from it;
 * - verified credentials and failures have separate caches: failures never evict a good entry, and a cached good
 *   credential is answered at once, never waiting behind the queue of checks;
 * - at most CONCURRENT_CHECKS checks run and MAX_WAITING_CHECKS wait; more are refused without a check;
 * - failures are counted (pgwarden_http_basic_auth_failures_total).
 */
export class BasicAuthVerifier {
  private readonly key = randomBytes(32);
  private readonly good = new Map<string, true>();
  private readonly bad = new Map<string, true>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Outcomes by how they were decided, for the metrics and the tests. */
  readonly counts = { cachedGood: 0, cachedBad: 0, checked: 0, refusedBusy: 0, failures: 0 };

  async verify(users: ReadonlyMap<string, string>, user: string, password: string): Promise<boolean> {
    const known = users.get(user);
    const hash = known ?? UNKNOWN_USER_HASH;
    const key = createHmac('sha256', this.key)
      .update(user)
      .update('\0')
      .update(hash)
      .update('\0')
      .update(password)
      .digest('hex');
    if (this.good.has(key)) {
      this.counts.cachedGood++;
      return known !== undefined;
    }
    if (this.bad.has(key)) {
      this.counts.cachedBad++;
      return this.fail();
    }
    if (this.running >= CONCURRENT_CHECKS && this.waiting.length >= MAX_WAITING_CHECKS) {
      this.counts.refusedBusy++;
      return this.fail();
    }
    const matches = await this.limited(() => bcrypt.compare(password, hash).catch(() => false));
    this.counts.checked++;
    if (matches && known !== undefined) {
      remember(this.good, key, GOOD_CACHE_SIZE);
      return true;
    }
    remember(this.bad, key, BAD_CACHE_SIZE);
    return this.fail();
  }

  private fail(): false {
    this.counts.failures++;
    return false;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    // A finished check hands its slot to the next waiter directly, so no newcomer can slip in between.
    if (this.running >= CONCURRENT_CHECKS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  families(): MetricFamily[] {
    return [
      {
        name: 'pgwarden_http_basic_auth_failures_total',
        type: 'counter',
        help: 'Basic-auth credentials refused (wrong password, unknown user, or refused while too many checks wait).',
        samples: [{ labels: {}, value: this.counts.failures }],
      },
    ];
  }
}
