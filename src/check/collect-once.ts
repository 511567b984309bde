// The one-shot collection of a check: the target's collectors through a Sampler (the agent's own code path), once
// or twice a few seconds apart for rules that need a rate, plus the backup directories when rules read them.
import { collectorSetup } from '../collect/collector-setup.js';
import type { FullConfig } from '../agent/agent-config.js';
import { snapshotSamples } from '../rules/snapshot-samples.js';
import { BackupSource, type BackupConfigEntry } from '../collect/backups/index.js';
import type { Collector } from '../collect/collector.js';
import type { Snapshot } from '../collect/model.js';
import { runCollector } from '../collect/run-collector.js';
import { Sampler } from '../collect/sampler.js';
import { Target } from '../collect/target.js';
import type { ResolvedTarget } from '../config/load.js';
import type { Logger } from '../log.js';
import { SampleStore } from '../promql/index.js';

export interface CollectOptions {
  readonly config: FullConfig;
  readonly target: ResolvedTarget;
  readonly logger: Logger;
  /** Collect a second time after this long (0: once). */
  readonly secondSampleAfterMs: number;
  /** Backup entries to scan and verify (empty: none). */
  readonly backups: readonly BackupConfigEntry[];
  readonly now?: () => number;
}

export interface Collected {
  readonly store: SampleStore;
  /** When the last collection started: the time rules and perfdata are evaluated at. */
  readonly timeMs: number;
  readonly snapshots: Snapshot[];
  /** Backup problem → one file that has it, keyed `database\0type\0problem` (for the report). */
  readonly backupExamples: Map<string, string>;
}

function buildSampler(config: FullConfig, target: ResolvedTarget, logger: Logger, now: () => number): Sampler {
  const { collectors, options } = collectorSetup(config, logger);
  return new Sampler(new Target(target, logger), collectors(), { ...options, now });
}

/** The check's backups collector: verified to the end (a one-shot answer), run in the agent's collector boundary. */
function verifiedBackups(source: BackupSource): Collector {
  return {
    name: source.name,
    collect: async ({ now }) => ({ kind: 'families', families: await source.collectVerified(now) }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects into a fresh store, as the agent's store would hold the same samples. */
export async function collectForCheck(options: CollectOptions): Promise<Collected> {
  const now = options.now ?? Date.now;
  const { target, logger } = options;
  const store = new SampleStore({ retentionMs: 3_600_000 });
  const sampler = buildSampler(options.config, target, logger, now);
  const snapshots: Snapshot[] = [];
  const ingest = (snapshot: Snapshot) => {
    store.appendScrape(target.name, snapshotSamples(snapshot, target.labels), snapshot.timestamp);
    snapshots.push(snapshot);
  };
  // Restore drills are not run by a check; their recorded verdicts (state_dir) are read and judged by the rules.
  const restore = { stateDir: options.config.stateDir, monitored: [], scheduled: false };
  const source = options.backups.length ? new BackupSource(options.backups, logger, { restore }) : undefined;
  try {
    // Backups are read while the database is collected: verifying a large dump takes the longest.
    const backups = source
      ? runCollector(verifiedBackups(source), { now: now() }).then((outcome) => {
          if (!outcome.success) logger.error({ err: outcome.error }, 'backup scan failed');
          return outcome.families;
        })
      : undefined;
    ingest((await sampler.collect()).snapshot);
    if (options.secondSampleAfterMs > 0) {
      await sleep(options.secondSampleAfterMs);
      ingest((await sampler.collect()).snapshot);
    }
    const timeMs = snapshots[snapshots.length - 1]?.timestamp ?? now();
    const backupExamples = new Map<string, string>();
    if (backups) {
      const families = await backups;
      // Their own scrape key: the next database collection must not mark the backup series stale.
      const backupSnapshot: Snapshot = { target: target.name, timestamp: timeMs, families };
      store.appendScrape(`${target.name}\u0000backups`, snapshotSamples(backupSnapshot, target.labels), timeMs);
      for (const group of source?.groups ?? [])
        for (const [problem, file] of Object.entries(group.examples))
          backupExamples.set([group.database, group.type, problem].join('\u0000'), file);
    }
    return { store, timeMs, snapshots, backupExamples };
  } finally {
    await source?.close();
    await sampler.target.close();
  }
}
