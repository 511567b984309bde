// One backup directory's off-site location, listed in the background every `interval` under a deadline. A
// collection uses the newest listing and waits only for the very first one (bounded by `timeout`), so a slow or
// failing bucket never fails or stalls a scrape: it is `pg_backup_offsite_up 0` and one log line.
import type { BackupFile, Verification } from '../model.js';
import type { CurrentProblem } from '../problem-log.js';
import { compareOffsite } from './compare.js';
import type { OffsiteConfig } from './config.js';
import type { OffsiteLocationFacts } from './families.js';
import type { OffsiteGroup, OffsiteListing } from './model.js';
import { PathLocation } from './path-location.js';
import { folderPrefix, S3Location } from './s3-location.js';

interface Location {
  readonly name: string;
  list(signal: AbortSignal): Promise<OffsiteListing>;
  describe?(error: unknown): string;
  close?(): void;
}

interface ListingState {
  readonly at: number;
  readonly listing?: OffsiteListing;
  readonly error?: string;
}

export interface OffsiteVerdict {
  readonly location: OffsiteLocationFacts;
  /** Absent when the location could not be listed. */
  readonly groups?: OffsiteGroup[];
  readonly problems: CurrentProblem[];
}

export interface WatchedDirectory {
  readonly path: string;
  readonly retentionMs: number;
  readonly timezone?: string;
  readonly offsite: OffsiteConfig;
}

function describeError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; name?: unknown };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return typeof e?.code === 'string' ? e.code : String(e?.message ?? error);
}

export class OffsiteWatcher {
  private readonly location: Location | undefined;
  private readonly name: string;
  private setupError: string | undefined;
  private last: ListingState | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly dir: WatchedDirectory) {
    const { offsite } = dir;
    const field = `backups[${dir.path}].offsite.s3`;
    this.name = offsite.s3 ? `s3://${offsite.s3.bucket}/${folderPrefix(offsite.s3.prefix)}` : offsite.path!;
    try {
      this.location = offsite.s3
        ? new S3Location(offsite.s3, offsite.max_objects, field)
        : new PathLocation(offsite.path!, offsite.max_objects);
    } catch (error) {
      // An unreadable credential file: the error names the field and the file, never a value.
      this.setupError = (error as Error).message;
    }
  }

  /** The comparison of the directory's dumps with the newest listing (waiting only for the first listing). */
  async verdict(
    files: readonly BackupFile[],
    verifications: ReadonlyMap<string, Verification>,
    nowMs: number,
  ): Promise<OffsiteVerdict> {
    const state = await this.current();
    const location = this.name;
    if (!state?.listing) {
      const error = state?.error ?? 'not listed yet';
      return {
        location: { location, up: false, truncated: false },
        problems: [
          {
            key: `offsite\u0000${location}\u0000${error.split(':')[0]}`,
            count: 1,
            message: 'off-site backup location cannot be listed',
            fields: { location, error },
          },
        ],
      };
    }
    const { offsite } = this.dir;
    const groups = compareOffsite(files, verifications, state.listing.copies, {
      nowMs,
      graceMs: offsite.grace,
      withinMs: offsite.check_within ?? this.dir.retentionMs,
      compareEtag: offsite.compare_etag,
      ...(this.dir.timezone ? { timeZone: this.dir.timezone } : {}),
    });
    const problems: CurrentProblem[] = groups.flatMap((g) =>
      (['missing', 'size_mismatch', 'checksum_mismatch'] as const)
        .filter((problem) => g.problems[problem] > 0)
        .map((problem) => ({
          key: `offsite\u0000${location}\u0000${g.database}\u0000${g.type}\u0000${problem}`,
          count: g.problems[problem],
          message: 'backups whose off-site copy is missing or differs',
          fields: { location, database: g.database, type: g.type, problem, example: g.examples[problem] },
        })),
    );
    if (state.listing.truncated)
      problems.push({
        key: `offsite\u0000${location}\u0000truncated`,
        count: 1,
        message: 'off-site listing stopped at max_objects: raise it or narrow the prefix',
        fields: { location, max_objects: offsite.max_objects },
      });
    return { location: { location, up: true, truncated: state.listing.truncated }, groups, problems };
  }

  close(): void {
    this.abort.abort();
    this.location?.close?.();
  }

  private async current(): Promise<ListingState | undefined> {
    if (this.setupError !== undefined) return { at: Date.now(), error: this.setupError };
    const due = !this.last || Date.now() - this.last.at >= this.dir.offsite.interval;
    if (due && !this.inFlight && !this.abort.signal.aborted)
      this.inFlight = this.refresh().finally(() => (this.inFlight = undefined));
    if (!this.last && this.inFlight) await this.inFlight;
    return this.last;
  }

  private async refresh(): Promise<void> {
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.dir.offsite.timeout)]);
    try {
      this.last = { at: Date.now(), listing: await this.location!.list(signal) };
    } catch (error) {
      const text = signal.aborted ? 'timed out' : (this.location!.describe?.(error) ?? describeError(error));
      this.last = { at: Date.now(), error: text };
    }
  }
}
