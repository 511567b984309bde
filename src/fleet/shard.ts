// Which agent of N carries a target: rendezvous (highest-random-weight) hashing of the target's name. Each target's
// shard depends on its own name and the shard count alone, so adding or removing a target moves no other target, and
// changing N from 3 to 4 moves only the quarter of targets the new shard wins.
import { createHash } from 'node:crypto';

export interface Shard {
  /** This agent's shard, 0-based. */
  readonly index: number;
  readonly count: number;
}

function weight(target: string, shard: number): bigint {
  return createHash('sha256').update(`${shard}\u0000${target}`).digest().readBigUInt64BE(0);
}

/** The shard (0 … count-1) that owns the target. */
export function shardOf(target: string, count: number): number {
  let best = 0;
  let bestWeight = -1n;
  for (let shard = 0; shard < count; shard += 1) {
    const w = weight(target, shard);
    if (w > bestWeight) {
      best = shard;
      bestWeight = w;
    }
  }
  return best;
}

export function ownsTarget(target: string, shard: Shard | undefined): boolean {
  return shard === undefined || shard.count <= 1 || shardOf(target, shard.count) === shard.index;
}
