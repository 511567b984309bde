export interface Sha256Entry {
  /** Lower-case hex digest. */
  readonly hash: string;
  /** The file name the line names; absent for a bare hash. */
  readonly fileName?: string;
}

const GNU_LINE = /^\\?([0-9a-fA-F]{64})(?: [ *]|\s+\*?)(.+)$/;
const BSD_LINE = /^SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/;
const BARE = /^[0-9a-fA-F]{64}$/;

/** Reads `sha256sum` output (`<hash>  <name>`, `<hash> *<name>`), BSD `SHA256 (name) = hash`, or a bare hash. */
export function parseSha256File(text: string): Sha256Entry[] | null {
  const entries: Sha256Entry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const gnu = GNU_LINE.exec(line);
    const bsd = gnu ? null : BSD_LINE.exec(line);
    if (gnu) entries.push({ hash: gnu[1]!.toLowerCase(), fileName: gnu[2]!.trim() });
    else if (bsd) entries.push({ hash: bsd[2]!.toLowerCase(), fileName: bsd[1]! });
    else if (BARE.test(line)) entries.push({ hash: line.toLowerCase() });
    else return null;
  }
  return entries.length > 0 ? entries : null;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * The digest recorded for `dumpName`: the entry naming it (by base name, since the job may record a path), else a
 * lone bare hash. Null when the file records only other files: a checksum for something else is a mismatch.
 */
export function expectedSha256(entries: readonly Sha256Entry[], dumpName: string): string | null {
  const named = entries.find((entry) => entry.fileName !== undefined && baseName(entry.fileName) === dumpName);
  if (named) return named.hash;
  if (entries.length === 1 && entries[0]!.fileName === undefined) return entries[0]!.hash;
  return null;
}
