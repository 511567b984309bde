import { isDeepStrictEqual } from 'node:util';
import { backupEntriesByTarget, type FullConfig } from './agent-config.js';
import { BackupSource, type BackupConfigEntry } from '../collect/backups/index.js';
import type { DrillRequest } from '../collect/backups/restore/drills.js';
import type { DrillResult } from '../collect/backups/restore/model.js';
import { hostPortOf } from '../collect/backups/restore/scratch-server.js';
import type { Logger } from '../log.js';

/**
 * One BackupSource per target with backup entries, kept across reloads while its entries stay the same (a source
 * holds verification progress), replaced when they change, closed when no longer used.
 */
export class BackupSources {
  private readonly sources = new Map<string, { entries: BackupConfigEntry[]; source: BackupSource }>();

  constructor(private readonly logger: Logger) {}

  /** The sources of `targetName` under `config` (the agent's extraSourcesFor). */
  for(targetName: string, config: FullConfig): BackupSource[] {
    const byTarget = backupEntriesByTarget(
      config.backupEntries,
      config.targets.map((t) => t.name),
    );
    const entries = byTarget.get(targetName);
    if (!entries) return [];
    const known = this.sources.get(targetName);
    if (known && isDeepStrictEqual(known.entries, entries)) return [known.source];
    void known?.source.close();
    const source = new BackupSource(entries, this.logger, {
      restore: {
        stateDir: config.stateDir,
        monitored: config.targets.map((t) => hostPortOf(t.connection)),
        scheduled: true,
      },
    });
    this.sources.set(targetName, { entries, source });
    return [source];
  }

  /** Closes the sources of targets that `config` no longer gives backups to (after a successful reload). */
  retainOnly(config: FullConfig): void {
    const kept = backupEntriesByTarget(
      config.backupEntries,
      config.targets.map((t) => t.name),
    );
    for (const [name, { source }] of this.sources) {
      if (kept.has(name)) continue;
      void source.close();
      this.sources.delete(name);
    }
  }

  /** Restore drills on demand across the sources that have a restore_test; undefined when none has. */
  async restoreTest(request: DrillRequest): Promise<DrillResult[] | undefined> {
    const drilling = [...this.sources.values()].filter(({ source }) => source.drillsConfigured);
    if (!drilling.length) return undefined;
    const results = await Promise.all(drilling.map(({ source }) => source.restoreTest(request)));
    return results.flat();
  }

  /** Closes every source; resolves when running restore drills have cleaned up. */
  async closeAll(): Promise<void> {
    const closing = [...this.sources.values()].map(({ source }) => source.close());
    this.sources.clear();
    await Promise.all(closing);
  }
}
