// Reads a dump once, to its end: SHA-256 (and MD5, which a single-part S3 upload's ETag is) of the bytes and a full gunzip (what `gzip -t` does: truncation and corrupt
// data are errors; concatenated gzip members are one valid stream). The read is throttled to a byte budget.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { errorCode } from './concurrency.js';
import type { Verification } from './model.js';

export interface VerifyFileOptions {
  /** Read at most this many bytes per second; 0 or undefined: unthrottled. */
  readonly bytesPerSecond?: number;
  readonly signal?: AbortSignal;
  /** Test the gzip stream too (default true); plain `.sql` and custom-format `.dump` files are only hashed. */
  readonly gzip?: boolean;
}

export async function verifyDumpFile(path: string, options: VerifyFileOptions = {}): Promise<Verification> {
  const hash = createHash('sha256');
  const md5 = createHash('md5');
  const gunzip = createGunzip();
  let gzipError: (Error & { code?: string }) | undefined;
  const gunzipDone = new Promise<void>((resolve) => {
    gunzip.on('error', (error) => {
      gzipError ??= error;
      resolve();
    });
    gunzip.on('end', resolve);
  });
  gunzip.resume(); // the decompressed bytes are only checked, never kept
  const started = Date.now();
  let bytes = 0;
  try {
    const stream = createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      md5.update(chunk);
      bytes += chunk.length;
      if (options.gzip !== false && gzipError === undefined && !gunzip.write(chunk))
        await once(gunzip, 'drain').catch(() => undefined);
      if (options.bytesPerSecond) {
        const wait = started + (bytes / options.bytesPerSecond) * 1000 - Date.now();
        if (wait > 0) await sleep(wait, undefined, { signal: options.signal });
      }
    }
  } catch (error) {
    gunzip.destroy();
    if (options.signal?.aborted) throw error;
    return { state: 'unreadable', error: errorCode(error) };
  }
  if (options.gzip === false) {
    gunzip.destroy();
    return { state: 'done', sha256: hash.digest('hex'), md5: md5.digest('hex'), archive: 'ok' };
  }
  if (gzipError === undefined) gunzip.end();
  await gunzipDone;
  const sha256 = hash.digest('hex');
  const digests = { sha256, md5: md5.digest('hex') };
  if (gzipError === undefined) return { state: 'done', ...digests, archive: 'ok' };
  const archive = gzipError.code === 'Z_BUF_ERROR' ? 'truncated' : 'corrupt';
  return { state: 'done', ...digests, archive, detail: gzipError.message };
}
