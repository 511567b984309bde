// A configuration seen from one shard: the targets it owns collect here; the rest are listed as dropped.
import type { ResolvedTarget } from '../config/load.js';
import { ownsTarget, type Shard } from './shard.js';

export function splitByShard(
  targets: readonly ResolvedTarget[],
  shard: Shard | undefined,
): { owned: ResolvedTarget[]; others: ResolvedTarget[] } {
  const owned: ResolvedTarget[] = [];
  const others: ResolvedTarget[] = [];
  for (const t of targets) (ownsTarget(t.name, shard) ? owned : others).push(t);
  return { owned, others };
}
