// A rule reload changes how long the agent's store keeps each metric: a shorter retention trims at the next samples,
// a longer one keeps every point still held and grows from there.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../src/agent/alert-engine.js';
import type { Snapshot } from '../../../src/collect/model.js';
import { silentLogger } from '../../../src/log.js';

const MIN = 60_000;
const STEP = 15_000;
const T0 = 1_700_000_000_000;

const rules = (x: string, y: string) => `groups:
  - name: g
    rules:
      - alert: X
        expr: ${x}
      - alert: Y
        expr: ${y}
`;

const snapshot = (t: number): Snapshot => ({
  target: 'db',
  timestamp: t,
  families: ['x', 'y', 'unread'].map((name) => ({
    name,
    help: '',
    type: 'gauge',
    samples: [{ labels: {}, value: 1 }],
  })),
});

describe('AlertEngine: per-metric retention across a rule reload', () => {
  let dir: string;
  let engine: AlertEngine | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-retention-'));
  });
  afterEach(async () => {
    await engine?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const points = (name: string) =>
    engine?.store.select([{ name: '__name__', type: '=', value: name }], -Infinity, Infinity)[0]?.points.length;
  const ingest = (fromMs: number, untilMs: number) => {
    for (let t = fromMs; t <= untilMs; t += STEP) engine?.ingest(snapshot(T0 + t));
  };

  it('trims a metric the new rules read shorter and keeps what it holds of one they read longer', async () => {
    const file = path.join(dir, 'rules.yml');
    await writeFile(file, rules('x > 2', 'max_over_time(y[1h]) > 2'));
    engine = await AlertEngine.start({
      logger: silentLogger(),
      ruleFiles: [file],
      baseDir: dir,
      stateDir: path.join(dir, 'state'),
      evaluationIntervalMs: 3600_000, // no self-scrape or evaluation at the wall clock's time during the test
      collectionIntervalMs: STEP,
      externalLabels: {},
      externalUrl: 'http://127.0.0.1:9187',
      alerting: undefined,
      targets: ['not-yet-collected'], // the rules wait: only the samples below reach the store
    });
    ingest(0, 70 * MIN);
    // Read instantly: 5 min lookback + two collections; read by [1h]: 60.5 min; read by no rule: not kept.
    expect([points('x'), points('y'), points('unread')]).toEqual([23, 243, undefined]);

    await writeFile(file, rules('max_over_time(x[1h]) > 2', 'y > 2'));
    expect((await engine.reload()).ok).toBe(true);
    expect([engine.store.retentionMsOf('x'), engine.store.retentionMsOf('y')]).toEqual([60.5 * MIN, 5.5 * MIN]);
    ingest(70 * MIN + STEP, 70 * MIN + STEP);
    expect([points('x'), points('y')]).toEqual([24, 23]);
    ingest(70 * MIN + 2 * STEP, 140 * MIN);
    expect([points('x'), points('y')]).toEqual([243, 23]);
  });
});
