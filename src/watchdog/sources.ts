// The heartbeat's view of the running agent: targets from their samplers' latest snapshots, rule groups from the rule
// manager, the outbox from the notifier. Read at every beat, so reloads are seen.
import type { Snapshot } from '../collect/model.js';
import type { HeartbeatSources } from './heartbeat.js';
import type { TargetHealth } from './health.js';

export function targetHealth(name: string, snapshot: Snapshot | undefined): TargetHealth {
  const up = snapshot?.families.find((f) => f.name === 'pg_up')?.samples[0]?.value === 1;
  return { name, collectedAt: snapshot?.timestamp, up };
}

export function heartbeatSources(parts: {
  readonly snapshots: () => ReadonlyArray<{ readonly name: string; readonly snapshot: Snapshot | undefined }>;
  readonly ruleGroups: () => ReadonlyArray<{
    readonly def: { readonly name: string };
    readonly intervalMs: number;
    readonly lastEvaluation: number | undefined;
  }>;
  readonly pending: () => ReadonlyArray<{ readonly createdAt: number }>;
  readonly collectionIntervalMs: () => number;
}): HeartbeatSources {
  return {
    targets: () => parts.snapshots().map((t) => targetHealth(t.name, t.snapshot)),
    ruleGroups: () =>
      parts.ruleGroups().map((g) => ({ name: g.def.name, intervalMs: g.intervalMs, lastEvaluation: g.lastEvaluation })),
    oldestPendingAt: () => {
      const pending = parts.pending();
      return pending.length ? Math.min(...pending.map((n) => n.createdAt)) : undefined;
    },
    collectionIntervalMs: parts.collectionIntervalMs,
  };
}
