// Off-site verdicts as metric families: per (database, type), the same labels as the local backup families so rules
// can join them; per location, whether it could be listed.
import { familyOf, type MetricFamily } from '../../model.js';
import { OFFSITE_PROBLEMS, type OffsiteGroup } from './model.js';

export interface OffsiteLocationFacts {
  /** `s3://bucket/prefix` or the directory; never an endpoint or a credential. */
  readonly location: string;
  readonly up: boolean;
  readonly truncated: boolean;
}

/** Groups of several directories with the same (database, type) are added up (as the local families are). */
export function mergeOffsiteGroups(groups: readonly OffsiteGroup[]): OffsiteGroup[] {
  const merged = new Map<string, OffsiteGroup>();
  for (const g of groups) {
    const key = `${g.database}\u0000${g.type}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, g);
      continue;
    }
    const problems = { ...seen.problems };
    for (const p of OFFSITE_PROBLEMS) problems[p] += g.problems[p];
    merged.set(key, {
      ...seen,
      copies: seen.copies + g.copies,
      lastCopyTimestamp: Math.max(seen.lastCopyTimestamp, g.lastCopyTimestamp),
      problems,
      examples: { ...g.examples, ...seen.examples },
    });
  }
  return [...merged.values()];
}

/** Directories copied to the same location report it once: up only when every listing of it succeeded. */
export function mergeLocations(locations: readonly OffsiteLocationFacts[]): OffsiteLocationFacts[] {
  const merged = new Map<string, OffsiteLocationFacts>();
  for (const l of locations) {
    const seen = merged.get(l.location);
    merged.set(l.location, seen ? { ...l, up: seen.up && l.up, truncated: seen.truncated || l.truncated } : l);
  }
  return [...merged.values()];
}

export function offsiteFamilies(
  groups: readonly OffsiteGroup[],
  locations: readonly OffsiteLocationFacts[],
): MetricFamily[] {
  const labels = (g: OffsiteGroup) => ({ database: g.database, type: g.type });
  const byLocation = (value: (l: OffsiteLocationFacts) => number) =>
    mergeLocations(locations).map((l) => ({ labels: { location: l.location }, value: value(l) }));
  return [
    familyOf(
      'pg_backup_offsite_last_timestamp_seconds',
      'gauge',
      'Time (from its file name) of the newest off-site copy (0: none).',
      groups.map((g) => ({ labels: labels(g), value: g.lastCopyTimestamp })),
    ),
    familyOf(
      'pg_backup_offsite_files',
      'gauge',
      'Number of off-site copies.',
      groups.map((g) => ({ labels: labels(g), value: g.copies })),
    ),
    familyOf(
      'pg_backup_offsite_problems',
      'gauge',
      'Local backups whose off-site copy is missing, of another size or checksum, or whose checksum cannot be compared.',
      groups.flatMap((g) =>
        OFFSITE_PROBLEMS.map((problem) => ({ labels: { ...labels(g), problem }, value: g.problems[problem] })),
      ),
    ),
    familyOf(
      'pg_backup_offsite_up',
      'gauge',
      'Whether the off-site location could be listed.',
      byLocation((l) => (l.up ? 1 : 0)),
    ),
    familyOf(
      'pg_backup_offsite_listing_truncated',
      'gauge',
      'Whether the listing stopped at max_objects (copies past it were not seen).',
      byLocation((l) => (l.truncated ? 1 : 0)),
    ),
  ];
}
