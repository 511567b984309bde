// A file's identity beyond dev+inode: a hash of its first bytes (never the bytes: they may hold statements). A copy
// made by logrotate's copytruncate has the same first bytes as the file it was copied from; a file truncated and
// written again has different ones (its first line has a later timestamp).
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

export const FINGERPRINT_BYTES = 1024;

export interface Fingerprint {
  /** How many bytes were hashed (fewer than FINGERPRINT_BYTES while the file is shorter). */
  readonly length: number;
  readonly sha256: string;
}

export async function fingerprintOf(handle: FileHandle, length = FINGERPRINT_BYTES): Promise<Fingerprint> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return { length: bytesRead, sha256: createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex') };
}

/** Whether the file (whose fingerprint over `known.length` bytes is `actual`) starts like `known`. */
export function sameStart(known: Fingerprint, actual: Fingerprint): boolean {
  return known.length === actual.length && known.sha256 === actual.sha256;
}
