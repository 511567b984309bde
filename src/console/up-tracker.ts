import type { Snapshot } from '../collect/model.js';
import { valueOf } from './snapshot-read.js';

/** Since when each target has been up (or down): the time of the first snapshot in its current state. */
export class UpTracker {
  private readonly states = new Map<string, { up: boolean; since: number }>();

  observe(snapshot: Snapshot): void {
    const up = valueOf(snapshot, 'pg_up') === 1;
    const known = this.states.get(snapshot.target);
    if (!known || known.up !== up) this.states.set(snapshot.target, { up, since: snapshot.timestamp });
  }

  since(target: string): number | undefined {
    return this.states.get(target)?.since;
  }
}
