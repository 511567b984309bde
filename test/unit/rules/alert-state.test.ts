import { describe, expect, it } from 'vitest';
import { advance, RESOLVED_RETENTION_MS, type AlertState, type AlertTiming } from '../../../src/rules/alert-state.js';
import { fingerprint } from '../../../src/rules/fingerprint.js';
import { collectNotifications } from '../../../src/rules/notifiable.js';

const A = { alertname: 'High', instance: 'a' };
const B = { alertname: 'High', instance: 'b' };
const fpA = fingerprint(A);

interface Step {
  t: number;
  active: Record<string, string>[];
  expect: Record<string, Partial<AlertState> | undefined>;
  transitions: string[];
}

function run(rule: AlertTiming, steps: Step[]): void {
  let states = new Map<string, AlertState>();
  for (const step of steps) {
    const active = step.active.map((labels, i) => ({
      labels,
      annotations: { summary: `s${step.t}` },
      value: i + step.t,
    }));
    const result = advance(states, active, rule, step.t);
    states = result.states;
    expect(
      result.transitions.map((tr) => `${tr.labels.instance}:${tr.from}->${tr.to}`),
      `transitions at t=${step.t}`,
    ).toEqual(step.transitions);
    for (const [instance, expected] of Object.entries(step.expect)) {
      const state = states.get(fingerprint({ alertname: 'High', instance }));
      if (expected === undefined) expect(state, `${instance} at t=${step.t}`).toBeUndefined();
      else {
        const absent = Object.keys(expected).filter((key) => expected[key as keyof AlertState] === undefined);
        const present = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined));
        expect(state, `${instance} at t=${step.t}`).toMatchObject(present);
        for (const key of absent)
          expect(state?.[key as keyof AlertState], `${instance}.${key} at t=${step.t}`).toBeUndefined();
      }
    }
  }
}

describe('alert state machine (Prometheus semantics)', () => {
  it('goes inactive → pending → firing after `for`, then resolves and is forgotten after 15 minutes', () => {
    const resolvedAt = 180_000;
    run({ forMs: 120_000, keepFiringForMs: 0 }, [
      { t: 0, active: [A], expect: { a: { state: 'pending', activeAt: 0 } }, transitions: ['a:inactive->pending'] },
      { t: 60_000, active: [A], expect: { a: { state: 'pending', activeAt: 0, value: 60_000 } }, transitions: [] },
      {
        t: 120_000,
        active: [A],
        expect: { a: { state: 'firing', activeAt: 0, firedAt: 120_000, annotations: { summary: 's120000' } } },
        transitions: ['a:pending->firing'],
      },
      {
        t: resolvedAt,
        active: [],
        expect: { a: { state: 'inactive', firedAt: 120_000, resolvedAt } },
        transitions: ['a:firing->inactive'],
      },
      {
        t: resolvedAt + RESOLVED_RETENTION_MS,
        active: [],
        expect: { a: { state: 'inactive', resolvedAt } },
        transitions: [],
      },
      { t: resolvedAt + RESOLVED_RETENTION_MS + 1, active: [], expect: { a: undefined }, transitions: [] },
    ]);
  });

  it('fires at once with for: 0, and a pending alert that vanishes is dropped', () => {
    run({ forMs: 0, keepFiringForMs: 0 }, [
      {
        t: 0,
        active: [A],
        expect: { a: { state: 'firing', activeAt: 0, firedAt: 0 } },
        transitions: ['a:inactive->pending', 'a:pending->firing'],
      },
    ]);
    run({ forMs: 300_000, keepFiringForMs: 0 }, [
      {
        t: 0,
        active: [A, B],
        expect: { a: { state: 'pending' }, b: { state: 'pending' } },
        transitions: ['a:inactive->pending', 'b:inactive->pending'],
      },
      {
        t: 60_000,
        active: [B],
        expect: { a: undefined, b: { state: 'pending', activeAt: 0 } },
        transitions: ['a:pending->inactive'],
      },
      {
        t: 120_000,
        active: [A, B],
        expect: { a: { state: 'pending', activeAt: 120_000 } },
        transitions: ['a:inactive->pending'],
      },
    ]);
  });

  it('keeps firing for keep_firing_for after the condition clears, and restarts it when the condition returns', () => {
    run({ forMs: 0, keepFiringForMs: 120_000 }, [
      {
        t: 0,
        active: [A],
        expect: { a: { state: 'firing' } },
        transitions: ['a:inactive->pending', 'a:pending->firing'],
      },
      { t: 60_000, active: [], expect: { a: { state: 'firing', keepFiringSince: 60_000 } }, transitions: [] },
      {
        t: 120_000,
        active: [A],
        expect: { a: { state: 'firing', keepFiringSince: undefined, firedAt: 0 } },
        transitions: [],
      },
      { t: 180_000, active: [], expect: { a: { state: 'firing', keepFiringSince: 180_000 } }, transitions: [] },
      { t: 240_000, active: [], expect: { a: { state: 'firing' } }, transitions: [] },
      {
        t: 300_000,
        active: [],
        expect: { a: { state: 'inactive', resolvedAt: 300_000 } },
        transitions: ['a:firing->inactive'],
      },
    ]);
  });

  it('treats a resolved alert that comes back as a new alert', () => {
    run({ forMs: 60_000, keepFiringForMs: 0 }, [
      { t: 0, active: [A], expect: {}, transitions: ['a:inactive->pending'] },
      { t: 60_000, active: [A], expect: { a: { state: 'firing' } }, transitions: ['a:pending->firing'] },
      { t: 120_000, active: [], expect: { a: { state: 'inactive' } }, transitions: ['a:firing->inactive'] },
      {
        t: 180_000,
        active: [A],
        expect: { a: { state: 'pending', activeAt: 180_000, resolvedAt: undefined, firedAt: undefined } },
        transitions: ['a:inactive->pending'],
      },
    ]);
  });
});

describe('notifications', () => {
  const timing = { resendDelayMs: 60_000, intervalMs: 30_000 };
  it('sends firing alerts with endsAt now + 4 × max(interval, resendDelay), resends after resendDelay, resolved at once', () => {
    const rule = { forMs: 0, keepFiringForMs: 0 };
    let states = advance(new Map(), [{ labels: A, annotations: {}, value: 7.5 }], rule, 0).states;
    let sent = collectNotifications(states, 0, timing, 'http://x/graph');
    expect(sent.alerts).toEqual([
      {
        labels: A,
        annotations: {},
        startsAt: 0,
        endsAt: 240_000,
        generatorURL: 'http://x/graph',
        status: 'firing',
        fingerprint: fpA,
        value: 7.5,
      },
    ]);
    states = advance(sent.states, [{ labels: A, annotations: {}, value: 1 }], rule, 30_000).states;
    sent = collectNotifications(states, 30_000, timing, '');
    expect(sent.alerts).toEqual([]);
    states = advance(sent.states, [{ labels: A, annotations: {}, value: 1 }], rule, 60_001).states;
    sent = collectNotifications(states, 60_001, timing, '');
    expect(sent.alerts.map((a) => a.endsAt)).toEqual([60_001 + 240_000]);
    states = advance(sent.states, [], rule, 90_000).states;
    sent = collectNotifications(states, 90_000, timing, '');
    expect(sent.alerts.map((a) => [a.status, a.startsAt, a.endsAt])).toEqual([['resolved', 0, 90_000]]);
  });

  it('never sends pending alerts', () => {
    const states = advance(
      new Map(),
      [{ labels: A, annotations: {}, value: 1 }],
      { forMs: 60_000, keepFiringForMs: 0 },
      0,
    ).states;
    expect(collectNotifications(states, 0, timing, '').alerts).toEqual([]);
  });

  it('fingerprints like Prometheus (FNV-1a 64 over sorted labels)', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325');
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }));
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }));
  });
});
