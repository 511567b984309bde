import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../../src/demo/embedded-postgres.js';
import { parseExposition, samplesOf } from '../../support/exposition.js';
import { makeSampler, shippedDefinitions } from '../../support/agent-parts.js';
import { testTarget } from '../../support/postgres.js';
import type { Sampler } from '../../../src/collect/sampler.js';

async function pgUp(sampler: Sampler): Promise<number | undefined> {
  return samplesOf(parseExposition((await sampler.collect()).body.toString()), 'pg_up')[0]?.value;
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a database that goes away and comes back', () => {
  let server: EmbeddedServer;
  let sampler: Sampler;
  afterAll(async () => {
    await sampler?.target.close();
    await server?.stop();
  });

  it('gives pg_up 0 while it is down and pg_up 1 after it returns', async () => {
    // A private server: this test stops it, which the shared one must never be.
    server = await startEmbeddedPostgres();
    sampler = makeSampler(testTarget('private', server.url), shippedDefinitions(['stat_database']));
    expect(await pgUp(sampler)).toBe(1);

    await server.stop(true);
    expect(await pgUp(sampler)).toBe(0);
    const down = parseExposition((await sampler.collect()).body.toString());
    expect(samplesOf(down, 'pg_stat_database_xact_commit')).toEqual([]);

    await server.start();
    await eventually(async () => (await pgUp(sampler)) === 1, 40_000);
    const back = parseExposition((await sampler.collect()).body.toString());
    expect(samplesOf(back, 'pg_stat_database_xact_commit').length).toBeGreaterThan(0);
  });
});
