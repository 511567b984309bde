// Sidecar files are small by contract; anything else (huge, binary, a FIFO, unreadable) must not hurt the agent.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { errorCode } from './concurrency.js';

export const SIDECAR_LIMIT_BYTES = 64 * 1024;

export type SmallText =
  | { readonly state: 'ok'; readonly text: string }
  | { readonly state: 'missing' }
  | { readonly state: 'too_large' }
  | { readonly state: 'binary' }
  | { readonly state: 'unreadable'; readonly error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads at most `limit` bytes of a regular file as UTF-8. O_NONBLOCK keeps a FIFO from hanging the open. */
export async function readSmallText(path: string, limit = SIDECAR_LIMIT_BYTES): Promise<SmallText> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? { state: 'missing' } : { state: 'unreadable', error: errorCode(error) };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { state: 'unreadable', error: 'not a regular file' };
    const buffer = Buffer.alloc(limit + 1);
    const { bytesRead } = await handle.read(buffer, 0, limit + 1, 0);
    if (bytesRead > limit) return { state: 'too_large' };
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes.includes(0)) return { state: 'binary' };
    try {
      return { state: 'ok', text: decoder.decode(bytes) };
    } catch {
      return { state: 'binary' };
    }
  } catch (error) {
    return { state: 'unreadable', error: errorCode(error) };
  } finally {
    await handle.close();
  }
}
