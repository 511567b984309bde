// What a listing of the off-site location says, and the per (database, type) verdict exported as metrics.

export const OFFSITE_PROBLEMS = ['missing', 'size_mismatch', 'checksum_mismatch', 'checksum_unknown'] as const;
export type OffsiteProblem = (typeof OFFSITE_PROBLEMS)[number];

/** The `.sha256` stored beside a copy: absent, or the digest it records for the copy's name (null: none usable). */
export type CopySidecar = { readonly state: 'absent' } | { readonly state: 'read'; readonly sha256: string | null };

/** One dump's copy at the off-site location. */
export interface OffsiteCopy {
  /** The file (or key) name without the location's directory or prefix. */
  readonly name: string;
  readonly size: number;
  /** S3 only: the object's ETag without quotes (a single-part upload's is the MD5 of its bytes). */
  readonly etag?: string;
  readonly sidecar: CopySidecar;
}

export interface OffsiteListing {
  readonly copies: readonly OffsiteCopy[];
  /** The listing stopped at max_objects: copies past it were not seen. */
  readonly truncated: boolean;
}

/** One (database, type) at the off-site location. */
export interface OffsiteGroup {
  readonly database: string;
  readonly type: string;
  /** Copies present (dump names; sidecars not counted). */
  readonly copies: number;
  /** The file-name time of the newest copy, seconds since the epoch; 0 when there is none. */
  readonly lastCopyTimestamp: number;
  /** Local dumps (past the grace time, within the window) with each problem. */
  readonly problems: Record<OffsiteProblem, number>;
  /** One dump name per problem, for the log line. */
  readonly examples: Partial<Record<OffsiteProblem, string>>;
}
