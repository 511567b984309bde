// Files an `archive_command` leaves in a WAL archive: segments (24 hex digits), `.partial` segments from a promotion,
// `.backup` history files from base backups, timeline `.history` files; each possibly compressed.

export type WalFileKind = 'segment' | 'partial' | 'backup' | 'history';

export interface WalFile {
  readonly kind: WalFileKind;
  /** The compression suffix, when the archive command compressed the file. */
  readonly compression?: 'gz' | 'zst' | 'lz4' | 'bz2' | 'xz';
}

const WAL_NAME =
  /^(?:([0-9A-F]{24})(\.partial)?|([0-9A-F]{24})\.[0-9A-F]{8}\.backup|([0-9A-F]{8})\.history)(?:\.(gz|zst|lz4|bz2|xz))?$/i;

/** What a file in the WAL archive is, or null when it is none of the WAL file kinds. */
export function classifyWalFile(name: string): WalFile | null {
  const match = WAL_NAME.exec(name);
  if (!match) return null;
  const kind: WalFileKind = match[1] ? (match[2] ? 'partial' : 'segment') : match[3] ? 'backup' : 'history';
  const compression = match[5]?.toLowerCase() as WalFile['compression'];
  return compression ? { kind, compression } : { kind };
}

export interface WalEntry {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface WalArchiveSummary {
  /** Recognised WAL files of every kind. */
  readonly files: number;
  readonly sizeBytes: number;
  /** Newest modification time of a recognised file, seconds since the epoch; undefined when there is none. */
  readonly lastTimestamp?: number;
}

export function summariseWalArchive(entries: readonly WalEntry[]): WalArchiveSummary {
  let files = 0;
  let sizeBytes = 0;
  let lastMs: number | undefined;
  for (const entry of entries) {
    if (!classifyWalFile(entry.name)) continue;
    files += 1;
    sizeBytes += entry.size;
    if (lastMs === undefined || entry.mtimeMs > lastMs) lastMs = entry.mtimeMs;
  }
  return lastMs === undefined ? { files, sizeBytes } : { files, sizeBytes, lastTimestamp: lastMs / 1000 };
}
