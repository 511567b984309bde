// The opt-in stat_statements_query collector exports statement texts: never a utility statement, whose literals
// pg_stat_statements keeps (ALTER ROLE ... PASSWORD 'x' would reach /metrics verbatim).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../../support/exposition.js';
import { makeSampler, shippedDefinitions } from '../../support/agent-parts.js';
import { adminQuery, dropRole, testTarget } from '../../support/postgres.js';

const PLANTED = 'Planted-Secret-7719';
const ROLES = ['pgwarden_planted_a', 'pgwarden_planted_b', 'pgwarden_planted_c'];

describe('stat_statements_query never exports a utility statement', () => {
  let exported: string[];

  beforeAll(async () => {
    await adminQuery('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    for (const role of ROLES) await dropRole(role);
    await adminQuery('SELECT pg_stat_statements_reset()');
    await adminQuery(`CREATE ROLE ${ROLES[0]} LOGIN PASSWORD '${PLANTED}-create'`);
    await adminQuery(`ALTER ROLE ${ROLES[0]} PASSWORD '${PLANTED}-alter'`);
    await adminQuery(`/* rotate */ ALTER USER ${ROLES[0]} WITH PASSWORD '${PLANTED}-comment'`);
    await adminQuery(`CREATE USER ${ROLES[1]} PASSWORD '${PLANTED}-user'`);
    await adminQuery(`DO $$ BEGIN EXECUTE 'CREATE ROLE ${ROLES[2]} PASSWORD ''${PLANTED}-do'''; END $$`);
    await adminQuery(`SET application_name = '${PLANTED}-set'`);
    await adminQuery(`SELECT '${PLANTED}-select' AS pgwarden_planted_marker`);
    const sampler = makeSampler(testTarget(), shippedDefinitions(['stat_statements_query']));
    try {
      const parsed = parseExposition((await sampler.collect()).body.toString());
      exported = parsed.samples
        .filter((s) => s.name === 'pg_stat_statements_query_id')
        .map((s) => s.labels.query ?? '');
    } finally {
      await sampler.target.close();
    }
  });
  afterAll(async () => {
    for (const role of ROLES) await dropRole(role);
  });

  it('exports normalized statements (the SELECT, its literal as $1)', () => {
    expect(exported.filter((q) => q.includes('pgwarden_planted_marker'))).toEqual([
      'SELECT $1 AS pgwarden_planted_marker',
    ]);
  });

  it('exports no text holding a planted password, nor any CREATE/ALTER ROLE/USER', () => {
    expect(exported.filter((q) => q.includes(PLANTED))).toEqual([]);
    expect(exported.filter((q) => /\b(create|alter)\s+(role|user)\b/i.test(q))).toEqual([]);
  });
});
