// Turns what was read from a dump's `.meta` and `.sha256` files into the states the summary decides on.
import { parseBackupMeta } from './meta.js';
import type { ChecksumState, MetaState } from './model.js';
import { readSmallText, type SmallText } from './read-small.js';
import { parseSha256File } from './sha256.js';

export function metaStateOf(read: SmallText, timeZone: string | undefined): MetaState {
  switch (read.state) {
    case 'ok':
      return { state: 'parsed', parsed: parseBackupMeta(read.text, timeZone) };
    case 'missing':
      return { state: 'missing' };
    case 'too_large':
      return { state: 'parsed', parsed: { meta: {}, problems: ['larger than 64 KiB'] } };
    case 'binary':
      return { state: 'parsed', parsed: { meta: {}, problems: ['binary content'] } };
    case 'unreadable':
      return { state: 'unreadable', error: read.error };
  }
}

export function checksumStateOf(read: SmallText): ChecksumState {
  switch (read.state) {
    case 'ok': {
      const entries = parseSha256File(read.text);
      return entries ? { state: 'parsed', entries } : { state: 'invalid', reason: 'not sha256sum output' };
    }
    case 'missing':
      return { state: 'missing' };
    case 'too_large':
      return { state: 'invalid', reason: 'larger than 64 KiB' };
    case 'binary':
      return { state: 'invalid', reason: 'binary content' };
    case 'unreadable':
      return { state: 'unreadable', error: read.error };
  }
}

export interface Sidecars {
  readonly meta: MetaState;
  readonly checksum: ChecksumState;
}

/** How the directory listing showed each sidecar: absent, a regular file, or something to check (symlink, unknown). */
export type ListedAs = 'absent' | 'file' | 'other';

function readListed(path: string, listed: ListedAs): Promise<SmallText> {
  if (listed === 'absent') return Promise.resolve({ state: 'missing' });
  return readSmallText(path, { knownRegularFile: listed === 'file' });
}

/** Reads the sidecars that the directory listing showed; absent ones are not opened. */
export async function readSidecars(
  dumpPath: string,
  listed: { meta: ListedAs; sha256: ListedAs },
  timeZone: string | undefined,
): Promise<Sidecars> {
  const [meta, sha] = await Promise.all([
    readListed(`${dumpPath}.meta`, listed.meta),
    readListed(`${dumpPath}.sha256`, listed.sha256),
  ]);
  return { meta: metaStateOf(meta, timeZone), checksum: checksumStateOf(sha) };
}
