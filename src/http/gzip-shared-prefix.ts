// gzip for /metrics without compressing the snapshot on every scrape.
//
// A response is the target's snapshot (megabytes on a large database, the same bytes for every scrape until the next
// collection) followed by the agent's own metrics (a few kilobytes, new on every scrape). The snapshot is deflated
// once, ending in a sync flush instead of a final block, so every response can append a freshly deflated tail and
// still be one ordinary gzip member (RFC 1952): the same trick pigz uses to join blocks compressed apart. One member,
// not two concatenated ones, because not every client reads past the first member.
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw);

/** A body deflated up to a byte-aligned sync point, with what the gzip trailer needs to know about it. */
export interface DeflatedPrefix {
  readonly deflated: Buffer;
  readonly crc32: number;
  readonly length: number;
}

// Level 1: nearly level 6's ratio on the text format in a third of the time (measured on 3.6 MB of per-table series:
// 13.6x in 4.7 ms against 14.1x in 15.8 ms; the snapshot at 10,000 tables goes from 3.85 MB to 173 KB).
const LEVEL = zlib.constants.Z_BEST_SPEED;

/** Deflates a body so more blocks can follow it (in the thread pool: a 4 MB snapshot takes tens of ms). */
export async function deflatePrefix(body: Buffer): Promise<DeflatedPrefix> {
  const deflated = await deflateRaw(body, { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return { deflated, crc32: zlib.crc32(body), length: body.length };
}

// ID1 ID2, CM = deflate, no flags, no mtime, no extra flags, OS = unknown.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** One gzip member whose content is the prefix's body followed by `tail`, as the chunks to write in order. */
export function gzipWithTail(prefix: DeflatedPrefix, tail: Buffer): Buffer[] {
  const deflatedTail = zlib.deflateRawSync(tail, { level: LEVEL });
  // zlib's crc32() answers 0 for a buffer without memory, which an empty Buffer can be: nothing to add, keep the CRC.
  const crc32 = tail.length === 0 ? prefix.crc32 : zlib.crc32(tail, prefix.crc32);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32 >>> 0, 0);
  trailer.writeUInt32LE((prefix.length + tail.length) % 2 ** 32, 4);
  return [GZIP_HEADER, prefix.deflated, deflatedTail, trailer];
}

const prefixes = new WeakMap<Buffer, Promise<DeflatedPrefix>>();

/** The body deflated once per Buffer object: scrapes of one snapshot share it, and it goes when the snapshot goes. */
export function sharedDeflatedPrefix(body: Buffer): Promise<DeflatedPrefix> {
  let prefix = prefixes.get(body);
  if (!prefix) {
    prefix = deflatePrefix(body);
    prefixes.set(body, prefix);
  }
  return prefix;
}
