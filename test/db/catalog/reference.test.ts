// Drop-in compatibility: on a primary of each selected major (PGWARDEN_TEST_MATRIX; the installed server's major by
// default) with one replication slot and pg_stat_statements, the default collectors export every postgres_exporter
// v0.20.1 family whose condition holds, with the same type and label names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sampler } from '../../../src/collect/sampler.js';
import { targetFromDsn } from '../../../src/config/load.js';
import { parseExposition, type ParsedExposition } from '../../support/exposition.js';
import { makeSampler, shippedDefinitions } from '../../support/agent-parts.js';
import { matrixMajors, startPostgresMajor, type MajorServer } from '../../support/postgres-major.js';
import { referenceFamilies, type ReferenceFamily } from '../../support/reference.js';
import { prepareFixture } from './fixture.js';

// Conditions this fixture does not meet; every other condition (a slot exists, max_slot_wal_keep_size is set,
// pg_stat_statements is installed) holds on it, and `PG < N` / `PG >= N` are decided by the server's major.
const UNMET = [/an active slot/, /a WAL file was archived/];

function conditionHolds(family: ReferenceFamily, major: number): boolean {
  const condition = family.condition ?? '';
  const version = /\bPG (<|>=) (\d+)/.exec(condition);
  if (version && (version[1] === '<' ? major >= Number(version[2]) : major < Number(version[2]))) return false;
  return !UNMET.some((re) => re.test(condition));
}

describe.each(matrixMajors())('postgres_exporter v0.20.1 compatibility on PostgreSQL %i', (major) => {
  let server: MajorServer;
  let sampler: Sampler;
  let parsed: ParsedExposition;

  beforeAll(async () => {
    server = await startPostgresMajor(major, { max_slot_wal_keep_size: '1GB' });
    await prepareFixture(server.url());
    sampler = makeSampler(targetFromDsn(server.url(), `pg${major}`), shippedDefinitions());
    parsed = parseExposition((await sampler.collect()).body.toString());
  });
  afterAll(async () => {
    await sampler?.target.close();
    await server?.stop();
  });

  it('reads the reference list', () => {
    expect(referenceFamilies().length).toBeGreaterThan(90);
  });

  it.each(referenceFamilies().map((f) => [f.name, f] as const))('%s', (name, family) => {
    const samples = parsed.samples.filter((s) => s.name === name);
    if (!conditionHolds(family, major)) {
      expect(samples).toEqual([]);
      return;
    }
    expect(samples.length).toBeGreaterThan(0);
    expect(parsed.types.get(name)).toBe(family.type);
    for (const sample of samples) expect(Object.keys(sample.labels).sort()).toEqual([...family.labels].sort());
  });

  it('reports every default collector as successful', () => {
    const failed = parsed.samples.filter((s) => s.name === 'pg_scrape_collector_success' && s.value !== 1);
    expect(failed).toEqual([]);
  });
});
