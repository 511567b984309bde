import { afterEach, describe, expect, it } from 'vitest';
import type { Sampler } from '../../../src/collect/sampler.js';
import { parseExposition, samplesOf } from '../../support/exposition.js';
import { adminQuery, createDatabase, testTarget } from '../../support/postgres.js';
import { brokenDefinition, inlineDefinition, makeSampler, shippedDefinitions } from '../../support/agent-parts.js';
import { createLogger } from '../../../src/log.js';
import { PassThrough } from 'node:stream';

let sampler: Sampler | undefined;
afterEach(async () => {
  sampler?.stop();
  await sampler?.target.close();
  sampler = undefined;
});

describe('Sampler on a real PostgreSQL', () => {
  it('exports pg_up 1, stat_database, database and settings families', async () => {
    sampler = makeSampler(testTarget(), shippedDefinitions(['database', 'stat_database', 'settings']));
    const { body, snapshot } = await sampler.collect();
    const parsed = parseExposition(body.toString());
    expect(samplesOf(parsed, 'pg_up')).toEqual([{ name: 'pg_up', labels: {}, value: 1 }]);
    const commits = samplesOf(parsed, 'pg_stat_database_xact_commit');
    expect(commits.find((s) => s.labels.datname === 'postgres')?.value).toBeGreaterThan(0);
    expect(Object.keys(commits[0]?.labels ?? {}).sort()).toEqual(['datid', 'datname']);
    expect(parsed.types.get('pg_stat_database_xact_commit')).toBe('counter');
    expect(
      samplesOf(parsed, 'pg_database_size_bytes').find((s) => s.labels.datname === 'postgres')?.value,
    ).toBeGreaterThan(1e6);
    const maxConnections = (
      await adminQuery<{ s: string }>("SELECT setting AS s FROM pg_settings WHERE name = 'max_connections'")
    )[0];
    expect(samplesOf(parsed, 'pg_settings_max_connections')[0]?.value).toBe(Number(maxConnections?.s));
    const sharedBuffers = await adminQuery<{ b: string }>(
      "SELECT setting::bigint * 8192 AS b FROM pg_settings WHERE name = 'shared_buffers'",
    );
    expect(samplesOf(parsed, 'pg_settings_shared_buffers_bytes')[0]?.value).toBe(Number(sharedBuffers[0]?.b));
    expect(samplesOf(parsed, 'pg_settings_checkpoint_timeout_seconds')[0]?.value).toBeGreaterThan(0);
    expect(
      samplesOf(parsed, 'pg_scrape_collector_success')
        .map((s) => [s.labels.collector, s.value])
        .sort(),
    ).toEqual([
      ['database', 1],
      ['settings', 1],
      ['stat_database', 1],
    ]);
    expect(snapshot.target).toBe('test');
  });

  it('runs the agent as application_name=pgwarden', async () => {
    const url = await createDatabase('pgwarden_appname');
    const probe = inlineDefinition(`
name: whoami
help: who the agent is
queries: { "13": "SELECT current_setting('application_name') = 'pgwarden' AS named, current_setting('statement_timeout') AS st" }
metrics:
  - { column: named, name: pgwarden_test_named, type: gauge, help: h }
`);
    sampler = makeSampler(testTarget('t', url), [probe]);
    const parsed = parseExposition((await sampler.collect()).body.toString());
    expect(samplesOf(parsed, 'pgwarden_test_named')[0]?.value).toBe(1);
  });

  it('isolates a failing collector: success 0, one log line, the others still export', async () => {
    const lines = new PassThrough();
    const logged: string[] = [];
    lines.on('data', (chunk: Buffer) => logged.push(...chunk.toString().trim().split('\n')));
    sampler = makeSampler(testTarget(), [brokenDefinition(), ...shippedDefinitions(['stat_database'])], {
      logger: createLogger({ destination: lines }),
    });
    await sampler.collect();
    const parsed = parseExposition((await sampler.collect()).body.toString());
    const success = Object.fromEntries(
      samplesOf(parsed, 'pg_scrape_collector_success').map((s) => [s.labels.collector, s.value]),
    );
    expect(success).toEqual({ broken: 0, stat_database: 1 });
    expect(samplesOf(parsed, 'pg_stat_database_xact_commit').length).toBeGreaterThan(0);
    const failures = logged.filter((l) => l.includes('collector failed'));
    expect(failures).toHaveLength(1); // two collections, one identical error: logged once
    expect(failures[0]).toContain('no_such_table');
  });

  it('drops duplicate series with a warning instead of failing', async () => {
    const twice = inlineDefinition(`
name: twice
help: returns the same series twice
queries: { "13": "SELECT 'a' AS k, 1 AS v UNION ALL SELECT 'a', 2" }
labels: [k]
metrics: [{ column: v, name: pg_twice, type: gauge, help: h }]
`);
    sampler = makeSampler(testTarget(), [twice]);
    const parsed = parseExposition((await sampler.collect()).body.toString());
    expect(samplesOf(parsed, 'pg_twice')).toEqual([{ name: 'pg_twice', labels: { k: 'a' }, value: 1 }]);
  });

  it('shares one in-flight collection between concurrent callers (single-flight)', async () => {
    sampler = makeSampler(testTarget(), shippedDefinitions(['stat_database']));
    const results = await Promise.all([sampler.collect(), sampler.collect(), sampler.collect(), sampler.current()]);
    expect(sampler.collections).toBe(1);
    expect(new Set(results.map((r) => r.snapshot)).size).toBe(1);
    await sampler.current(); // fresh enough: served without collecting again
    expect(sampler.collections).toBe(1);
  });

  it('enforces a per-collector timeout', async () => {
    const slow = inlineDefinition(`
name: slow
help: sleeps longer than its timeout
timeout: 200ms
queries: { "13": "SELECT pg_sleep(5) IS NULL AS v" }
metrics: [{ column: v, name: pg_slow, type: gauge, help: h }]
`);
    sampler = makeSampler(testTarget(), [slow]);
    const parsed = parseExposition((await sampler.collect()).body.toString());
    expect(samplesOf(parsed, 'pg_scrape_collector_success')[0]?.value).toBe(0);
    expect(samplesOf(parsed, 'pg_up')[0]?.value).toBe(1);
  });
});
