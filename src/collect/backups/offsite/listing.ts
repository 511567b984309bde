// What both kinds of location share: from the names (and sizes) a listing found, the copies with their `.sha256`
// sidecars. A sidecar is read once per version (cached by name and size/ETag/mtime), newest dumps first, at most
// MAX_SIDECAR_READS per listing, so a first listing of a large bucket stays bounded.
import { parseBackupFileName } from '../filename.js';
import { expectedSha256, parseSha256File } from '../sha256.js';
import type { CopySidecar, OffsiteCopy, OffsiteListing } from './model.js';

export const MAX_SIDECAR_READS = 200;
export const SIDECAR_SUFFIX = '.sha256';

/** One entry of a location's listing: a file or object directly in the directory or under the prefix. */
export interface ListedEntry {
  readonly name: string;
  readonly size: number;
  readonly etag?: string;
  /** Identifies this version of the entry (mtime, ETag) for the sidecar cache. */
  readonly version: string;
}

/** Reads a sidecar's text (at most 64 KiB); null when it is not text of that size. */
export type SidecarReader = (entry: ListedEntry, signal: AbortSignal) => Promise<string | null>;

export class SidecarCache {
  private cached = new Map<string, CopySidecar>();

  async copies(
    entries: readonly ListedEntry[],
    truncated: boolean,
    read: SidecarReader,
    signal: AbortSignal,
  ): Promise<OffsiteListing> {
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    const dumps = entries
      .map((entry) => ({ entry, parsed: parseBackupFileName(entry.name) }))
      .filter((d) => d.parsed !== null)
      .sort((a, b) => b.parsed!.timestamp - a.parsed!.timestamp);
    const next = new Map<string, CopySidecar>();
    let reads = 0;
    const copies: OffsiteCopy[] = [];
    for (const { entry } of dumps) {
      const sidecarEntry = byName.get(entry.name + SIDECAR_SUFFIX);
      let sidecar: CopySidecar | undefined = { state: 'absent' };
      if (sidecarEntry) {
        const key = `${sidecarEntry.name}\u0000${sidecarEntry.size}\u0000${sidecarEntry.version}`;
        sidecar = this.cached.get(key);
        if (!sidecar && reads < MAX_SIDECAR_READS) {
          reads++;
          const text = await read(sidecarEntry, signal);
          const parsed = text === null ? null : parseSha256File(text);
          sidecar = { state: 'read', sha256: parsed ? expectedSha256(parsed, entry.name) : null };
        }
        if (sidecar) next.set(key, sidecar);
      }
      copies.push({
        name: entry.name,
        size: entry.size,
        ...(entry.etag === undefined ? {} : { etag: entry.etag }),
        // A sidecar not read yet (over the per-listing budget) is read at a later listing; until then: unknown.
        sidecar: sidecar ?? { state: 'absent' },
      });
    }
    this.cached = next;
    return { copies, truncated };
  }
}
