// Archived WAL files never change once written, so each is stat'ed once: later scans only stat new names.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode, mapLimit } from './concurrency.js';
import { classifyWalFile, summariseWalArchive, type WalArchiveSummary, type WalEntry } from './wal.js';

export class WalArchiveScanner {
  private readonly stats = new Map<string, WalEntry>();
  private cachedPath: string | undefined;

  async scan(path: string): Promise<{ summary?: WalArchiveSummary; error?: string }> {
    if (path !== this.cachedPath) this.stats.clear();
    this.cachedPath = path;
    let names: string[];
    try {
      const entries = await readdir(path, { withFileTypes: true });
      names = entries.filter((e) => !e.isDirectory() && classifyWalFile(e.name)).map((e) => e.name);
    } catch (error) {
      this.stats.clear();
      return { error: errorCode(error) };
    }
    const present = new Set(names);
    for (const name of this.stats.keys()) if (!present.has(name)) this.stats.delete(name);
    const unseen = names.filter((name) => !this.stats.has(name));
    await mapLimit(unseen, 16, async (name) => {
      try {
        const s = await stat(join(path, name));
        if (s.isFile()) this.stats.set(name, { name, size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // removed since the listing (recycled by a clean-up) or unreadable: it does not count
      }
    });
    return { summary: summariseWalArchive([...this.stats.values()]) };
  }
}
