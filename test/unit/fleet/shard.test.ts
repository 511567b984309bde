import { describe, expect, it } from 'vitest';
import { ownsTarget, shardOf } from '../../../src/fleet/shard.js';

const names = Array.from({ length: 300 }, (_, i) => `db${String(i).padStart(3, '0')}`);

describe('sharding by rendezvous hash', () => {
  it('every target has exactly one owner among the shards', () => {
    for (const name of names) {
      const owners = [0, 1, 2].filter((index) => ownsTarget(name, { index, count: 3 }));
      expect(owners).toEqual([shardOf(name, 3)]);
    }
  });

  it('splits a fleet evenly enough (each of 3 shards gets 80-120 of 300)', () => {
    const sizes = [0, 1, 2].map((index) => names.filter((n) => ownsTarget(n, { index, count: 3 })).length);
    for (const size of sizes) expect(size).toBeGreaterThan(80);
    for (const size of sizes) expect(size).toBeLessThan(120);
  });

  it('adding a shard moves only targets to the new shard', () => {
    const moved = names.filter((n) => shardOf(n, 3) !== shardOf(n, 4));
    for (const name of moved) expect(shardOf(name, 4)).toBe(3);
    expect(moved.length).toBeGreaterThan(40);
    expect(moved.length).toBeLessThan(110);
  });

  it('adding a target moves nothing else', () => {
    const before = names.map((n) => shardOf(n, 3));
    const after = [...names, 'db-new'].map((n) => shardOf(n, 3)).slice(0, names.length);
    expect(after).toEqual(before);
  });

  it('one shard, or none configured, owns everything', () => {
    expect(names.every((n) => ownsTarget(n, undefined) && ownsTarget(n, { index: 0, count: 1 }))).toBe(true);
  });
});
