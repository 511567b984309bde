import { afterEach, describe, expect, it, vi } from 'vitest';
import { CollectionBudget } from '../../../src/collect/collection-budget.js';

afterEach(() => vi.useRealTimers());

const settled = async <T>(p: Promise<T>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
};

describe('CollectionBudget', () => {
  it('runs at most `size` collections; the next waits for a slot, in order of arrival', async () => {
    vi.useFakeTimers();
    const budget = new CollectionBudget(2, 15_000);
    const first = await budget.acquire();
    await budget.acquire();
    const third = budget.acquire();
    const fourth = budget.acquire();
    expect(await settled(third)).toBe(false);
    expect([budget.inUse, budget.queued]).toEqual([2, 2]);
    first();
    first(); // twice is harmless: it frees one slot only
    expect(await settled(third)).toBe(true);
    expect(await settled(fourth)).toBe(false);
    expect([budget.inUse, budget.queued]).toEqual([2, 1]);
  });

  it('takes the slot back from a collection that outlives its interval, so hung targets cannot starve the rest', async () => {
    vi.useFakeTimers();
    const budget = new CollectionBudget(1, 15_000);
    const hung = await budget.acquire();
    const next = budget.acquire();
    await vi.advanceTimersByTimeAsync(14_999);
    expect(await settled(next)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(next)).toBe(true);
    expect(budget.overruns).toBe(1);
    hung(); // the hung collection ends at last: it must not free the slot now held by `next`
    expect(budget.inUse).toBe(1);
    const metric = (name: string) => budget.families().find((f) => f.name === name)?.samples[0]?.value;
    expect(metric('pgwarden_collection_slot_overruns_total')).toBe(1);
    expect(metric('pgwarden_collections_running')).toBe(1);
  });

  it('refuses a budget below one', () => {
    expect(() => new CollectionBudget(0, 1000)).toThrow(/positive integer/);
  });
});
