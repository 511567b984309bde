// A directory holding the copies (an NFS mount, an rsync target): one readdir, a stat per dump and sidecar.
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { mapLimit } from '../concurrency.js';
import { parseBackupFileName } from '../filename.js';
import { readSmallText } from '../read-small.js';
import { type ListedEntry, SIDECAR_SUFFIX, SidecarCache } from './listing.js';
import type { OffsiteListing } from './model.js';

const STAT_CONCURRENCY = 8;

function isCandidate(name: string): boolean {
  const dump = name.endsWith(SIDECAR_SUFFIX) ? name.slice(0, -SIDECAR_SUFFIX.length) : name;
  return parseBackupFileName(dump) !== null;
}

export class PathLocation {
  private readonly sidecars = new SidecarCache();

  constructor(
    readonly directory: string,
    private readonly maxObjects: number,
  ) {}

  get name(): string {
    return this.directory;
  }

  async list(signal: AbortSignal): Promise<OffsiteListing> {
    const names: string[] = [];
    let truncated = false;
    // opendir streams the entries, so a huge directory stops at max_objects instead of being read whole.
    const dir = await opendir(this.directory);
    try {
      for await (const entry of dir) {
        signal.throwIfAborted();
        if (names.length >= this.maxObjects) {
          truncated = true;
          break;
        }
        if (!entry.isDirectory() && isCandidate(entry.name)) names.push(entry.name);
      }
    } finally {
      await dir.close().catch(() => undefined);
    }
    const stats = await mapLimit(names, STAT_CONCURRENCY, async (name): Promise<ListedEntry | null> => {
      signal.throwIfAborted();
      const info = await stat(join(this.directory, name)).catch(() => null);
      return info?.isFile() ? { name, size: info.size, version: String(info.mtimeMs) } : null;
    });
    const entries = stats.filter((entry): entry is ListedEntry => entry !== null);
    return this.sidecars.copies(entries, truncated, (entry) => this.readSidecar(entry), signal);
  }

  private async readSidecar(entry: ListedEntry): Promise<string | null> {
    const text = await readSmallText(join(this.directory, entry.name), { knownRegularFile: true });
    return text.state === 'ok' ? text.text : null;
  }
}
