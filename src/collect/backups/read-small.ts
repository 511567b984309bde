// Sidecar files are small by contract; anything else (huge, binary, a FIFO, unreadable) must not hurt the agent.
// Tens of thousands are read on a first scan, so this uses the light callback API and a small first read.
import { close, constants, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';
import { errorCode } from './concurrency.js';

export const SIDECAR_LIMIT_BYTES = 64 * 1024;
const FIRST_READ_BYTES = 4096;

export type SmallText =
  | { readonly state: 'ok'; readonly text: string }
  | { readonly state: 'missing' }
  | { readonly state: 'too_large' }
  | { readonly state: 'binary' }
  | { readonly state: 'unreadable'; readonly error: string };

const openAsync = promisify(open);
const closeAsync = promisify(close);
const fstatAsync = promisify(fstat);
const readAsync = (fd: number, buffer: Buffer, offset: number, position: number) =>
  new Promise<number>((resolve, reject) =>
    read(fd, buffer, offset, buffer.length - offset, position, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead),
    ),
  );

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads until the buffer is full or the file ends; returns how many bytes were read. */
async function fill(fd: number, buffer: Buffer, from: number): Promise<number> {
  let total = from;
  while (total < buffer.length) {
    const bytesRead = await readAsync(fd, buffer, total, total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

async function readUpTo(fd: number, limit: number): Promise<Buffer | 'too_large'> {
  const first = Buffer.allocUnsafe(Math.min(FIRST_READ_BYTES, limit + 1));
  const firstBytes = await fill(fd, first, 0);
  if (firstBytes < first.length) return first.subarray(0, firstBytes);
  const whole = Buffer.allocUnsafe(limit + 1);
  first.copy(whole);
  const total = await fill(fd, whole, first.length);
  return total > limit ? 'too_large' : whole.subarray(0, total);
}

/**
 * Reads at most `limit` bytes of a regular file as UTF-8. O_NONBLOCK keeps a FIFO from hanging the open; the file
 * type is checked unless the directory listing already said it is a regular file.
 */
export async function readSmallText(
  path: string,
  options: { limit?: number; knownRegularFile?: boolean } = {},
): Promise<SmallText> {
  let fd: number;
  try {
    fd = await openAsync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? { state: 'missing' } : { state: 'unreadable', error: errorCode(error) };
  }
  try {
    if (!options.knownRegularFile && !(await fstatAsync(fd)).isFile()) {
      return { state: 'unreadable', error: 'not a regular file' };
    }
    const bytes = await readUpTo(fd, options.limit ?? SIDECAR_LIMIT_BYTES);
    if (bytes === 'too_large') return { state: 'too_large' };
    if (bytes.includes(0)) return { state: 'binary' };
    try {
      return { state: 'ok', text: decoder.decode(bytes) };
    } catch {
      return { state: 'binary' };
    }
  } catch (error) {
    return { state: 'unreadable', error: errorCode(error) };
  } finally {
    await closeAsync(fd).catch(() => undefined);
  }
}
