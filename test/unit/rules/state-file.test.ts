import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertState } from '../../../src/rules/alert-state.js';
import {
  loadAlertStates,
  parseAlertStates,
  saveAlertStates,
  resumeAfterDowntime,
  serializeAlertStates,
} from '../../../src/rules/state-file.js';

const firing: AlertState = {
  fingerprint: '0123456789abcdef',
  labels: { alertname: 'A' },
  annotations: { summary: 's' },
  value: NaN,
  state: 'firing',
  activeAt: 1000,
  firedAt: 2000,
  lastSentAt: 2000,
};

describe('alert state file', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-statefile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips states, including values JSON cannot hold', () => {
    const text = serializeAlertStates(new Map([['rule', [firing]]]), 5000);
    const parsed = parseAlertStates(text).rules.get('rule');
    expect(parsed?.[0]).toEqual({ ...firing, value: NaN });
  });

  it('skips entries that do not have the written shape and ignores unknown versions', () => {
    const text = JSON.stringify({
      version: 1,
      rules: {
        good: [firing, { ...firing, state: 'exploded' }, { ...firing, activeAt: 'yesterday' }, null],
        bad: 'nope',
      },
    });
    expect([...parseAlertStates(text).rules.entries()].map(([k, v]) => [k, v.length])).toEqual([['good', 1]]);
    expect(parseAlertStates(JSON.stringify({ version: 2, rules: { good: [firing] } })).rules.size).toBe(0);
    expect(() => parseAlertStates('{"version":1,"rules":{"a":[')).toThrow();
  });

  it('resumes pending alerts without counting the downtime towards `for`; firing alerts keep their times', () => {
    const pending: AlertState = { ...firing, fingerprint: 'p', state: 'pending', activeAt: 10_000, firedAt: undefined };
    const resumed = resumeAfterDowntime({ savedAt: 40_000, rules: new Map([['rule', [pending, firing]]]) }, 100_000);
    expect(resumed.get('rule')?.map((a) => [a.state, a.activeAt, a.firedAt])).toEqual([
      ['pending', 70_000, undefined],
      ['firing', 1000, 2000],
    ]);
  });

  it('saves atomically (no temporary file left) and loads; a missing file is an empty state', async () => {
    const file = path.join(dir, 'alerts.json');
    expect((await loadAlertStates(file)).rules.size).toBe(0);
    await saveAlertStates(file, new Map([['rule', [firing]]]), 1);
    await saveAlertStates(file, new Map([['rule', [{ ...firing, value: 3 }]]]), 2);
    expect(await readdir(dir)).toEqual(['alerts.json']);
    const loaded = await loadAlertStates(file);
    expect([loaded.savedAt, loaded.rules.get('rule')?.[0]?.value]).toEqual([2, 3]);
  });

  it('creates the state directory of a fresh install on the first save, private to the agent', async () => {
    const file = path.join(dir, 'state', 'not-yet', 'alerts.json');
    await saveAlertStates(file, new Map([['rule', [firing]]]), 1);
    expect((await loadAlertStates(file)).rules.get('rule')).toEqual([firing]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
