import { describe, expect, it } from 'vitest';
import { withRelationFilters, type CollectorDefinition } from '../../../src/collect/definition.js';
import { inlineDefinition } from '../../support/agent-parts.js';

const tables = inlineDefinition(`
name: tables
help: h
queries: { "13": "SELECT schemaname, relname, 1 AS n FROM pg_stat_user_tables" }
labels: [schemaname, relname]
exclude: { schema: '^audit$', relation: '_old$' }
metrics: [{ column: n, name: pg_t, type: gauge, help: h }]
`);
const sequences = inlineDefinition(`
name: sequences
help: h
queries: { "13": "SELECT schemaname, sequencename, 1 AS n FROM pg_sequences" }
labels: [schemaname, sequencename]
metrics: [{ column: n, name: pg_s, type: gauge, help: h }]
`);
const none = { include: {}, exclude: {} };

describe('withRelationFilters', () => {
  it.each([
    ['no config filters keep the definition’s own', tables, none, undefined, { schema: '^audit$', relation: '_old$' }],
    [
      'a config field replaces the same field only',
      tables,
      { include: { schema: '^app$' }, exclude: { relation: '^tmp_' } },
      { schema: '^app$', relation: undefined },
      { schema: '^audit$', relation: '^tmp_' },
    ],
  ] as const)('%s', (_label, def, filters, include, exclude) => {
    const result = withRelationFilters(def as CollectorDefinition, filters);
    expect(result.include).toEqual(include);
    expect(result.exclude).toEqual(exclude);
  });

  it('leaves a definition without schemaname and relname labels alone', () => {
    expect(withRelationFilters(sequences, { include: { schema: '^app$' }, exclude: {} })).toBe(sequences);
  });
});
