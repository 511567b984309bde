import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sampler } from '../../src/collect/sampler.js';
import { packageRoot } from '../../src/paths.js';
import { makeSampler, shippedDefinitions } from '../support/agent-parts.js';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { adminQuery, dropRole, testDatabaseUrl, testTarget } from '../support/postgres.js';

const ROLE = 'pgwarden_least_privilege';

/** The setup SQL of docs/least-privilege.md, for a role of our own name and a random password. */
function documentedSetup(password: string): string[] {
  const doc = readFileSync(path.join(packageRoot(), 'docs', 'least-privilege.md'), 'utf8');
  const block = /<!-- setup-sql[^>]*-->\s*```sql\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/least-privilege.md has no setup-sql block');
  return block
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => s.replace(/\bpgwarden\b/g, ROLE).replace("'change-me'", `'${password}'`));
}

describe('the monitoring role of docs/least-privilege.md', () => {
  let sampler: Sampler | undefined;
  afterAll(async () => {
    await sampler?.target.close();
    await dropRole(ROLE);
  });

  it('is enough for every collector enabled by default', async () => {
    await dropRole(ROLE);
    const password = randomBytes(12).toString('hex');
    const statements = documentedSetup(password);
    expect(statements[0]).toMatch(new RegExp(`^CREATE ROLE ${ROLE} LOGIN`));
    for (const sql of statements) await adminQuery(sql);
    const [role] = await adminQuery<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
      'SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1',
      [ROLE],
    );
    expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });

    const url = new URL(testDatabaseUrl());
    url.username = ROLE;
    url.password = password;
    const definitions = shippedDefinitions();
    sampler = makeSampler(testTarget('least-privilege', url.toString()), definitions);
    const parsed = parseExposition((await sampler.collect()).body.toString());
    expect(samplesOf(parsed, 'pg_up')[0]?.value).toBe(1);
    const outcomes = Object.fromEntries(
      samplesOf(parsed, 'pg_scrape_collector_success').map((s) => [s.labels.collector, s.value]),
    );
    // Collectors for extensions the documented setup does not create report nothing (they are skipped, not failed).
    const expected = definitions.filter((d) => !d.requires_extension || d.requires_extension === 'pg_stat_statements');
    expect(outcomes).toEqual(Object.fromEntries(expected.map((d) => [d.name, 1])));
  });
});
