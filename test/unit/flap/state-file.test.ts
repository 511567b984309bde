import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { writeFileDurably } from '../../../src/durable-file.js';
import { FlapControl } from '../../../src/flap/control.js';
import { createLogger } from '../../../src/log.js';
import { FlapFilter } from '../../../src/flap/filter.js';
import { flapStateValue, readFlapState } from '../../../src/flap/state-file.js';
import type { NotifiableAlert } from '../../../src/notify/types.js';
import { alert, labels, MIN } from './support.js';

const policy = { base: { windowMs: 10 * MIN, highChanges: 2, lowChanges: 0 }, overrides: [] };
const seen = (alerts: NotifiableAlert[]) => alerts.map((a) => [a.labels.flapping ?? '-', a.status, a.startsAt]);

describe('flap state file', () => {
  it('a restart restores a flapping alert: the same alerts go to the notifier, nothing fires anew', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pgwarden-flap-')), 'flap.json');
    const first = new FlapFilter(policy);
    for (const a of [alert('firing', 0), alert('resolved', MIN), alert('firing', 2 * MIN)])
      first.apply([a], a.startsAt);
    const beforeRestart = seen(first.apply([alert('resolved', 3 * MIN)], 3 * MIN));
    await writeFileDurably(file, JSON.stringify(flapStateValue(first.entries())));

    const read = await readFlapState(file);
    expect(read.problem).toBeUndefined();
    const restarted = new FlapFilter(policy);
    restarted.restore(read.value ?? new Map());
    expect(restarted.isFlapping(labels)).toBe(true);
    expect(seen(restarted.apply([alert('resolved', 3 * MIN)], 3 * MIN))).toEqual(beforeRestart);
    expect(restarted.flapping()).toEqual([expect.objectContaining({ changes: 3 })]);
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['empty', ''],
    ['the wrong shape', '{"version":1,"entries":[["fp",{"history":{"changes":"x"}}]]}'],
    ['an unknown version', '{"version":2,"entries":[]}'],
  ])('a file that is %s is set aside and reported', async (_what, text) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-flap-'));
    const file = path.join(dir, 'flap.json');
    writeFileSync(file, text);
    const read = await readFlapState(file);
    expect(read.value).toBeUndefined();
    expect(read.problem).toEqual(expect.any(String));
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^flap\.json\.corrupt-/)]);
  });
});

describe('flap control at start', () => {
  it('an unusable flap.json: one log line, the metric counts it, flap control starts afresh and saves anew', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-flap-'));
    writeFileSync(path.join(dir, 'flap.json'), '{"version":1,"entries":[');
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const control = new FlapControl(
      { window: '10m', high_changes: 2, low_changes: 0, overrides: [] },
      { stateDir: dir, logger: createLogger({ destination }), sweepMs: 60_000, externalLabels: {}, submit: () => {} },
    );
    await control.restore();
    const unusable = () =>
      control.metricFamilies().find((f) => f.name === 'pgwarden_flap_history_unusable_total')?.samples[0]?.value;
    expect(unusable()).toBe(1);
    expect(lines.filter((l) => l.includes('flap history unusable: starting afresh'))).toHaveLength(1);
    expect(control.flapping()).toEqual([]);
    control.apply([alert('firing', Date.now())]);
    control.apply([alert('resolved', Date.now())]);
    await control.stop();
    const saved = await readFlapState(path.join(dir, 'flap.json'));
    expect(saved.problem).toBeUndefined();
    expect([...(saved.value?.values() ?? [])].map((e) => e.history.changes.length)).toEqual([1]);
  });
});
