import { describe, expect, it } from 'vitest';
import { CombinedExposition } from '../../../src/collect/combined-exposition.js';
import { renderFamilies } from '../../../src/collect/exposition.js';
import type { MetricFamily, Snapshot } from '../../../src/collect/model.js';

const gauge = (name: string, samples: MetricFamily['samples']): MetricFamily => ({
  name,
  type: 'gauge',
  help: `${name} help`,
  samples,
});
const shared = { datname: 'app' };
const a: Snapshot = {
  target: 'a',
  timestamp: 1,
  families: [
    gauge('pg_up', [{ labels: {}, value: 1 }]),
    gauge('pg_size', [
      { labels: shared, value: 10 },
      { labels: { datname: 'we"ird\n' }, value: 2 },
    ]),
    gauge('pg_empty', []),
  ],
};
const b: Snapshot = {
  target: 'b',
  timestamp: 1,
  families: [gauge('pg_only_b', [{ labels: shared, value: 3 }]), gauge('pg_up', [{ labels: {}, value: 0 }])],
};

describe('CombinedExposition', () => {
  it('serves several targets as one body: one header per family, every series with its target label', () => {
    const body = new CombinedExposition().body([
      { name: 'a', snapshot: a },
      { name: 'b', snapshot: b },
    ]);
    // What rendering the relabelled, merged families directly gives (the agent's former way).
    const expected = renderFamilies([
      gauge('pg_up', [
        { labels: { target: 'a' }, value: 1 },
        { labels: { target: 'b' }, value: 0 },
      ]),
      gauge('pg_size', [
        { labels: { datname: 'app', target: 'a' }, value: 10 },
        { labels: { datname: 'we"ird\n', target: 'a' }, value: 2 },
      ]),
      gauge('pg_only_b', [{ labels: { datname: 'app', target: 'b' }, value: 3 }]),
    ]);
    expect(body.toString()).toBe(expected);
    expect(body.toString().match(/# TYPE pg_up /g)).toHaveLength(1);
  });

  it('renders a snapshot once: the same snapshots give the same bytes, a new one only re-copies', () => {
    const combined = new CombinedExposition();
    const first = combined.body([
      { name: 'a', snapshot: a },
      { name: 'b', snapshot: b },
    ]);
    expect(
      combined.body([
        { name: 'a', snapshot: a },
        { name: 'b', snapshot: b },
      ]),
    ).toBe(first);
    const newer: Snapshot = { ...b, families: [gauge('pg_up', [{ labels: {}, value: 1 }])] };
    const next = combined
      .body([
        { name: 'a', snapshot: a },
        { name: 'b', snapshot: newer },
      ])
      .toString();
    expect(next).toContain('pg_up{target="b"} 1\n');
    expect(next).not.toContain('pg_only_b');
    expect(next).toContain('pg_size{datname="app",target="a"} 10\n');
  });
});
