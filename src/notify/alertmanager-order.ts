// In which order a forwarded post reaches the nodes of an Alertmanager cluster. Each node flushes a group on its own
// timer; node k (its position: the rank of its name among the cluster's peer names) waits k × peer_timeout, then
// sends unless the gossiped notification log already holds what it computed before the wait. A resolution that node 0
// has seen at its flush but node 1 has not makes node 1 send its stale "firing" after node 0's "resolved"
// (prometheus/alertmanager#2447). Posting a resolution to the higher positions first and to node 0 last keeps the
// safe direction only: whichever node sees a resolution, every node after it in the wait order has seen it too.
// Additions (a new firing alert) are safe in either order: a node's firing set that is a subset of the log's sends
// nothing. Pure decisions here; the status requests are in alertmanager-cluster.ts.

/** `/api/v2/status`'s `cluster` part, as far as the position needs it. */
interface ClusterStatus {
  readonly name?: unknown;
  readonly status?: unknown;
  readonly peers?: unknown;
}

/**
 * The node's position in its cluster (0 notifies first), or undefined when the answer does not say (not clustered,
 * an older or foreign API). Alertmanager sorts the members' names bytewise; ULID names are ASCII, as JS compares.
 */
export function clusterPosition(status: unknown): number | undefined {
  const cluster = (status as { cluster?: ClusterStatus } | null)?.cluster;
  if (!cluster || typeof cluster.name !== 'string' || !Array.isArray(cluster.peers)) return undefined;
  const names = cluster.peers
    .map((peer: unknown) => (peer as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === 'string');
  if (names.length < 2 || !names.includes(cluster.name)) return undefined;
  return [...names].sort().indexOf(cluster.name);
}

/**
 * The waves a post goes out in: the highest position first, node 0 last, one wave per position. Nodes whose position
 * is unknown go in the first wave (they cannot be ordered; posting them early delays no one). With fewer than two
 * known positions there is nothing to order: one wave, every node at once.
 */
export function postingWaves(urls: readonly string[], positionOf: (url: string) => number | undefined): string[][] {
  const known = urls.filter((url) => positionOf(url) !== undefined);
  if (known.length < 2) return urls.length ? [[...urls]] : [];
  const unknown = urls.filter((url) => positionOf(url) === undefined);
  const positions = [...new Set(known.map((url) => positionOf(url)!))].sort((a, b) => b - a);
  const waves = positions.map((p) => known.filter((url) => positionOf(url) === p));
  waves[0] = [...unknown, ...waves[0]!];
  return waves;
}

/** Only a batch that tells Alertmanager an alert resolved needs the ordered waves; the rest go to all nodes at once. */
export function needsOrderedPost(batch: readonly { readonly status: 'firing' | 'resolved' }[]): boolean {
  return batch.some((alert) => alert.status === 'resolved');
}
