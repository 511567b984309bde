// Pure readers over one target's snapshot: the few families the console shows. They look families up by name and
// never walk the per-table ones, so a page costs the same with 10 tables or 10,000.
import type { Labels, MetricFamily, Sample, Snapshot } from '../collect/model.js';

export function family(snapshot: Snapshot | undefined, name: string): MetricFamily | undefined {
  return snapshot?.families.find((f) => f.name === name);
}

export function samplesOf(snapshot: Snapshot | undefined, name: string): readonly Sample[] {
  return family(snapshot, name)?.samples ?? [];
}

/** The first sample's value (for families with one series), or undefined. */
export function valueOf(snapshot: Snapshot | undefined, name: string, labels: Labels = {}): number | undefined {
  const sample = samplesOf(snapshot, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return sample?.value;
}

export function sumOf(snapshot: Snapshot | undefined, name: string): number | undefined {
  const samples = samplesOf(snapshot, name);
  return samples.length ? samples.reduce((sum, s) => sum + s.value, 0) : undefined;
}

export interface CollectorStatus {
  readonly collector: string;
  readonly success: boolean;
  readonly durationSeconds: number | undefined;
  readonly droppedSeries: number | undefined;
  readonly skippedRelations: number | undefined;
}

/** Every collector the last collection reported, failing ones first. */
export function collectorStatuses(snapshot: Snapshot | undefined): CollectorStatus[] {
  const byCollector = (name: string) =>
    new Map(samplesOf(snapshot, name).map((s) => [s.labels.collector ?? '', s.value] as const));
  const durations = byCollector('pg_scrape_collector_duration_seconds');
  const dropped = byCollector('pgwarden_collector_dropped_series');
  const skipped = byCollector('pgwarden_collector_skipped_relations');
  return samplesOf(snapshot, 'pg_scrape_collector_success')
    .map((s) => {
      const collector = s.labels.collector ?? '';
      return {
        collector,
        success: s.value === 1,
        durationSeconds: durations.get(collector),
        droppedSeries: dropped.get(collector),
        skippedRelations: skipped.get(collector),
      };
    })
    .sort((a, b) => Number(a.success) - Number(b.success) || a.collector.localeCompare(b.collector));
}

/** blks_hit / (blks_hit + blks_read) over every database, the cache hit ratio the old health script checked. */
export function cacheHitRatio(snapshot: Snapshot | undefined): number | undefined {
  const hit = sumOf(snapshot, 'pg_stat_database_blks_hit');
  const read = sumOf(snapshot, 'pg_stat_database_blks_read');
  if (hit === undefined || read === undefined || hit + read === 0) return undefined;
  return hit / (hit + read);
}

export interface DatabaseSize {
  readonly database: string;
  readonly bytes: number;
}

export function databaseSizes(snapshot: Snapshot | undefined): DatabaseSize[] {
  return samplesOf(snapshot, 'pg_database_size_bytes')
    .map((s) => ({ database: s.labels.datname ?? '', bytes: s.value }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** The databases the per-database collectors visited (the datname labels of their families). */
export function databasesSeen(snapshot: Snapshot | undefined): string[] {
  const names = new Set<string>();
  for (const s of samplesOf(snapshot, 'pg_stat_user_tables_n_live_tup')) {
    if (s.labels.datname) names.add(s.labels.datname);
    if (names.size >= 1000) break;
  }
  for (const s of samplesOf(snapshot, 'pg_database_size_bytes')) if (s.labels.datname) names.add(s.labels.datname);
  return [...names].sort();
}

/** `160004` → `16.4`, `90624` → `9.6.24`. */
export function formatServerVersion(versionNum: number | undefined): string | undefined {
  if (versionNum === undefined || !Number.isFinite(versionNum)) return undefined;
  const major = Math.floor(versionNum / 10000);
  return major >= 10
    ? `${major}.${versionNum % 100}`
    : `${major}.${Math.floor(versionNum / 100) % 100}.${versionNum % 100}`;
}
