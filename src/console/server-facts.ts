// The server facts `pgwarden doctor` reads, asked through the target's own pool (application_name, timeouts) and
// cached for a minute per target, so a page refresh never queries the monitored server more than that.
import type pg from 'pg';
import type { Target } from '../collect/target.js';
import { readFacts } from '../cli/doctor-probe.js';
import type { ServerFacts } from '../collect/readiness.js';

const TTL_MS = 60_000;
const cache = new WeakMap<Target, { at: number; facts: Promise<ServerFacts | undefined> }>();

export function serverFacts(target: Target, now: number): Promise<ServerFacts | undefined> {
  const cached = cache.get(target);
  if (cached && now - cached.at < TTL_MS) return cached.facts;
  // readFacts only calls client.query(sql): the target's pooled query answers it with the same rows.
  const client = { query: async (sql: string) => ({ rows: await target.query(sql) }) } as unknown as pg.ClientBase;
  const facts = readFacts(client).catch(() => undefined);
  cache.set(target, { at: now, facts });
  return facts;
}
