import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../../src/agent/lifecycle.js';

describe('Lifecycle.shutdown', () => {
  it('runs phases in order (http, producers, flush, resources) whatever the registration order', async () => {
    const lifecycle = new Lifecycle();
    const order: string[] = [];
    lifecycle.register('pools', 'resources', () => void order.push('pools'));
    lifecycle.register('outbox', 'flush', async () => void order.push('outbox'));
    lifecycle.register('samplers', 'producers', () => void order.push('samplers'));
    lifecycle.register('http', 'http', () => void order.push('http'));
    const results = await lifecycle.shutdown();
    expect(order).toEqual(['http', 'samplers', 'outbox', 'pools']);
    expect(results.map((r) => r.outcome)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('reports a failing step and goes on with the next phases', async () => {
    const lifecycle = new Lifecycle();
    lifecycle.register('rules', 'producers', () => {
      throw new Error('boom');
    });
    let closed = false;
    lifecycle.register('pools', 'resources', () => void (closed = true));
    const results = await lifecycle.shutdown();
    expect(results).toEqual([
      { name: 'rules', phase: 'producers', outcome: 'failed', error: 'boom' },
      { name: 'pools', phase: 'resources', outcome: 'done' },
    ]);
    expect(closed).toBe(true);
  });

  it('gives up on a step that outlives the deadline and skips what comes after it', async () => {
    const lifecycle = new Lifecycle();
    lifecycle.register('stuck', 'flush', () => new Promise<void>(() => undefined));
    lifecycle.register('pools', 'resources', () => undefined);
    const results = await lifecycle.shutdown(20);
    expect(results.map((r) => [r.name, r.outcome])).toEqual([
      ['stuck', 'timed out'],
      ['pools', 'skipped'],
    ]);
  });

  it('stops waiting for a step at its own limit, leaving the rest of the deadline to the next phases', async () => {
    const lifecycle = new Lifecycle();
    lifecycle.register('stuck', 'producers', () => new Promise<void>(() => undefined), { timeoutMs: 10 });
    lifecycle.register('outbox', 'flush', () => undefined);
    const results = await lifecycle.shutdown(60_000);
    expect(results.map((r) => [r.name, r.outcome])).toEqual([
      ['stuck', 'timed out'],
      ['outbox', 'done'],
    ]);
  });

  it('runs once, and an unregistered step not at all', async () => {
    const lifecycle = new Lifecycle();
    let runs = 0;
    lifecycle.register('count', 'http', () => void (runs += 1));
    const remove = lifecycle.register('removed', 'http', () => void (runs += 100));
    remove();
    await Promise.all([lifecycle.shutdown(), lifecycle.shutdown()]);
    expect(runs).toBe(1);
  });
});
