// The agent's place in a fleet: which configured targets this shard collects, and the state /api/v1/targets shows.
import type { ResolvedTarget } from '../config/load.js';
import type { Snapshot } from '../collect/model.js';
import type { Shard } from './shard.js';
import { splitByShard } from './apply-shard.js';
import type { FleetState } from '../http/fleet-routes.js';

interface ShardableConfig {
  readonly targets: readonly ResolvedTarget[];
  readonly shard: Shard | undefined;
  readonly collectionIntervalMs: number;
}

export class Fleet {
  private others: readonly ResolvedTarget[] = [];
  private intervalMs = 15_000;
  private shard: Shard | undefined;

  /** `flagShard`: --shard.index/--shard.count, which win over the configuration's `shard`. */
  constructor(private readonly flagShard: Shard | undefined) {}

  /** The configuration with only this shard's targets; remembers the others for the API. */
  select<C extends ShardableConfig>(config: C): C {
    this.shard = this.flagShard ?? config.shard;
    this.intervalMs = config.collectionIntervalMs;
    const { owned, others } = splitByShard(config.targets, this.shard);
    this.others = others;
    return { ...config, targets: owned };
  }

  state(
    owned: () => ReadonlyArray<{ config: ResolvedTarget; snapshot: Snapshot | undefined }>,
    externalUrl: () => string,
  ): FleetState {
    return {
      owned,
      others: () => this.others,
      context: () => ({ job: 'pgwarden', intervalMs: this.intervalMs, shard: this.shard, externalUrl: externalUrl() }),
    };
  }
}
