import { describe, expect, it } from 'vitest';
import { evaluateInstant, parsePromql, SampleStore } from '../../../src/promql/index.js';
import { RuleGroup, type GroupEvalContext } from '../../../src/rules/group.js';
import { parseRuleFile } from '../../../src/rules/load.js';

const T = 1_700_000_000_000;

// Each recording rule reads what the rules before it wrote; the shared subexpression values must not hide it.
const RULES = `groups:
  - name: round
    rules:
      - record: before_alert
        expr: absent(ALERTS{alertname="Always"})
      - alert: Always
        expr: vector(1)
      - record: after_alert
        expr: absent(ALERTS{alertname="Always"})
      - record: doubled
        expr: before_alert * 2
      - record: doubled_again
        expr: doubled * 2
`;

function group(): RuleGroup {
  const parsed = parseRuleFile('round.yml', RULES);
  expect(parsed.problems).toEqual([]);
  return new RuleGroup(parsed.groups[0]!, 15_000);
}

function context(store: SampleStore): GroupEvalContext {
  return { store, resendDelayMs: 60_000, externalLabels: {}, externalURL: 'http://pgwarden' };
}

function values(store: SampleStore): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const name of ['before_alert', 'after_alert', 'doubled', 'doubled_again', 'ALERTS']) {
    const r = evaluateInstant(parsePromql(name), store, T);
    out[name] = r.resultType === 'vector' ? r.result[0]?.value : undefined;
  }
  return out;
}

const EXPECTED = { before_alert: 1, after_alert: undefined, doubled: 2, doubled_again: 4, ALERTS: 1 };

describe('a rule group round: one timestamp, later rules see earlier rules’ series', () => {
  it('in one step', () => {
    const store = new SampleStore({ retentionMs: 3_600_000 });
    group().evaluate(T, context(store));
    expect(values(store)).toEqual(EXPECTED);
  });

  it('in slices, pausing between rules, with the same result', async () => {
    const store = new SampleStore({ retentionMs: 3_600_000 });
    let pauses = 0;
    const g = group();
    const result = await g.evaluateSliced(T, context(store), async () => {
      pauses++;
    });
    expect(pauses).toBe(g.rules.length - 1);
    expect(values(store)).toEqual(EXPECTED);
    expect(result.transitions.map((t) => t.to)).toEqual(['pending', 'firing']);
  });

  it('stops after the current rule when told not to proceed', async () => {
    const store = new SampleStore({ retentionMs: 3_600_000 });
    let pauses = 0;
    await group().evaluateSliced(
      T,
      context(store),
      async () => {
        pauses++;
      },
      () => pauses < 2,
    );
    expect(values(store)).toEqual({ ...EXPECTED, doubled: undefined, doubled_again: undefined });
  });
});
