// /api/v1/targets in Prometheus's shape (activeTargets for this shard's targets, droppedTargets for the others'), and
// /api/v1/http_sd: Prometheus's HTTP service discovery list of this agent's /probe targets, so a Prometheus scrapes
// each target through the agent with one scrape config that follows file_sd and sharding changes by itself.
import type { Labels, Snapshot } from '../collect/model.js';
import { formatDuration } from '../config/duration.js';

export interface TargetView {
  readonly name: string;
  readonly labels: Labels;
  /** The DSN with its password masked. */
  readonly display: string;
  readonly snapshot: Snapshot | undefined;
}

export interface TargetsContext {
  readonly job: string;
  readonly intervalMs: number;
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  /** The agent's own base URL as a scraper reaches it (web.external_url, else the listen address). */
  readonly externalUrl: string;
}

function value(snapshot: Snapshot, name: string): number | undefined {
  return snapshot.families.find((f) => f.name === name)?.samples[0]?.value;
}

function failingCollectors(snapshot: Snapshot): string[] {
  const family = snapshot.families.find((f) => f.name === 'pg_scrape_collector_success');
  return (family?.samples ?? []).filter((s) => s.value === 0).map((s) => s.labels.collector ?? '');
}

function health(snapshot: Snapshot | undefined): { health: string; lastError: string } {
  if (!snapshot) return { health: 'unknown', lastError: '' };
  if (value(snapshot, 'pg_up') !== 1) return { health: 'down', lastError: 'PostgreSQL is not reachable' };
  const failing = failingCollectors(snapshot);
  return { health: 'up', lastError: failing.length ? `collectors failing: ${failing.join(', ')}` : '' };
}

const shardLabels = (ctx: TargetsContext) =>
  ctx.shard ? { __meta_pgwarden_shard: `${ctx.shard.index}/${ctx.shard.count}` } : {};

export function targetsDocument(active: readonly TargetView[], dropped: readonly TargetView[], ctx: TargetsContext) {
  const probeUrl = (name: string) => `${ctx.externalUrl.replace(/\/$/, '')}/probe?target=${encodeURIComponent(name)}`;
  return {
    status: 'success',
    data: {
      activeTargets: active.map((t) => ({
        discoveredLabels: { __address__: t.name, __meta_pgwarden_dsn: t.display, ...shardLabels(ctx), ...t.labels },
        labels: { instance: t.name, job: ctx.job, ...t.labels },
        scrapePool: ctx.job,
        scrapeUrl: probeUrl(t.name),
        globalUrl: probeUrl(t.name),
        ...health(t.snapshot),
        lastScrape: t.snapshot ? new Date(t.snapshot.timestamp).toISOString() : '0001-01-01T00:00:00Z',
        lastScrapeDuration: (t.snapshot && value(t.snapshot, 'pgwarden_collection_duration_seconds')) ?? 0,
        scrapeInterval: formatDuration(ctx.intervalMs),
        scrapeTimeout: formatDuration(ctx.intervalMs),
      })),
      droppedTargets: dropped.map((t) => ({
        discoveredLabels: { __address__: t.name, __meta_pgwarden_dsn: t.display, ...shardLabels(ctx), ...t.labels },
      })),
    },
  };
}

/** Prometheus http_sd_configs: one group per target, its /probe address and labels. */
export function httpSdDocument(active: readonly TargetView[], ctx: TargetsContext) {
  const url = new URL(ctx.externalUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  return active.map((t) => ({
    targets: [url.host],
    labels: {
      __metrics_path__: `${prefix}/probe`,
      __param_target: t.name,
      __scheme__: url.protocol.replace(':', ''),
      instance: t.name,
      ...t.labels,
    },
  }));
}
