// Restore drills of the configured directories: due by schedule (checked on every collection), on demand (CLI, API),
// one at a time, each recorded in state_dir. At start, leftovers of a crashed drill are dropped (ledger).
import path from 'node:path';
import type { Logger } from '../../../log.js';
import type { MetricFamily } from '../../model.js';
import type { BackupFile, BackupGroupSummary } from '../model.js';
import type { RestoreTestConfig } from './config.js';
import { controlClient, tryDrillLock } from './control.js';
import { DrillBusyError, runDrill, type DrillDump } from './drill.js';
import { restoreFamilies, type DrilledGroup } from './families.js';
import { DrillHistory, groupKey, maskedLog } from './history.js';
import { dropLeftovers, ScratchLedger } from './ledger.js';
import type { DrillResult } from './model.js';
import { nextDrillAt, schedulePeriodSeconds } from './schedule.js';
import { scratchServerOf, type ScratchServer } from './scratch-server.js';
import { selectDrillDumps } from './select.js';

const BUSY_RETRY_MS = 60_000;

export interface RestoreEntry {
  readonly directory: string;
  readonly config: RestoreTestConfig;
}

export interface RestoreDrillsOptions {
  readonly stateDir: string;
  /** host/port of the monitored targets (a scratch server among them is refused unless allowed). */
  readonly monitored: ReadonlyArray<{ host: string; port: number }>;
  /** Run drills when they are due (the agent); false: only on demand (the CLI, `pgwarden check`). */
  readonly scheduled: boolean;
  readonly logger: Logger;
}

interface Prepared extends RestoreEntry {
  readonly server: ScratchServer;
}

export interface DrillRequest {
  readonly database?: string;
  /** A dump's file name or path. */
  readonly file?: string;
}

export class RestoreDrills {
  private readonly entries: Prepared[];
  private readonly history: DrillHistory;
  private readonly known = new Map<string, DrilledGroup>();
  private readonly queued = new Set<string>();
  private readonly retryAt = new Map<string, number>();
  private readonly abort = new AbortController();
  private chain: Promise<unknown> = Promise.resolve();
  private running = 0;
  private readonly ready: Promise<void>;

  constructor(
    entries: readonly RestoreEntry[],
    private readonly options: RestoreDrillsOptions,
  ) {
    this.entries = entries.map((e) => ({ ...e, server: scratchServerOf(e.config, '.') }));
    this.history = new DrillHistory(options.stateDir);
    this.ready = this.history.load().then(() => {
      for (const [key, verdict] of this.history.verdicts()) {
        const entry = this.entries.find((e) => e.directory === dirOf(verdict.last.file));
        if (entry) this.known.set(key, this.groupOf(entry, verdict.last.database, verdict.last.type, Date.now()));
      }
    });
    if (options.scheduled) this.chain = this.ready.then(() => this.cleanUpLeftovers());
  }

  /** Loaded history: verdicts are known (call before the first families()). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Queues the drills that are due; called with each collection's files and groups. */
  offer(files: readonly BackupFile[], groups: readonly BackupGroupSummary[], nowMs: number): void {
    for (const entry of this.entries) {
      for (const dump of selectDrillDumps(entry.directory, entry.config, files, groups)) {
        const key = groupKey(dump.database, dump.type);
        this.known.set(key, this.groupOf(entry, dump.database, dump.type, nowMs));
        if (!this.options.scheduled || this.queued.has(key) || (this.retryAt.get(key) ?? 0) > nowMs) continue;
        // A verdict counts for the directory it was drilled from (a new directory, as the demo's, drills at once).
        const verdict = this.history.verdicts().get(key);
        const last = verdict && dirOf(verdict.last.file) === entry.directory ? verdict.last.finishedAt : undefined;
        if (nextDrillAt(entry.config.schedule, last) > nowMs) continue;
        this.queued.add(key);
        void this.enqueue(entry, dump).finally(() => this.queued.delete(key));
      }
    }
  }

  families(): MetricFamily[] {
    const groups = [...this.known.entries()].map(([key, g]) => ({ ...g, verdict: this.history.verdicts().get(key) }));
    return restoreFamilies(groups, this.running);
  }

  /** Drills now what the request selects (default: every configured directory's newest good dumps). */
  async runNow(
    request: DrillRequest,
    files: readonly BackupFile[],
    groups: readonly BackupGroupSummary[],
  ): Promise<DrillResult[]> {
    await this.ready;
    const jobs: Promise<DrillResult | undefined>[] = [];
    for (const entry of this.entries) {
      const config = request.file ? { databases: undefined, files: [request.file] } : entry.config;
      for (const dump of selectDrillDumps(entry.directory, config, files, groups)) {
        if (request.database && dump.database !== request.database) continue;
        this.known.set(groupKey(dump.database, dump.type), this.groupOf(entry, dump.database, dump.type, Date.now()));
        jobs.push(this.enqueue(entry, dump, true));
      }
    }
    return (await Promise.all(jobs)).filter((r): r is DrillResult => r !== undefined);
  }

  get hasEntries(): boolean {
    return this.entries.length > 0;
  }

  /** Cancels the running drill and waits for its clean-up (SIGTERM, agent stop). */
  async close(): Promise<void> {
    this.abort.abort();
    await this.chain.catch(() => undefined);
  }

  private groupOf(entry: Prepared, database: string, type: string, nowMs: number): DrilledGroup {
    return { database, type, scheduleSeconds: schedulePeriodSeconds(entry.config.schedule, nowMs) };
  }

  private enqueue(entry: Prepared, dump: DrillDump, throwBusy = false): Promise<DrillResult | undefined> {
    const job = this.chain.then(() => this.drill(entry, dump, throwBusy));
    this.chain = job.catch(() => undefined);
    return job;
  }

  private async drill(entry: Prepared, dump: DrillDump, throwBusy: boolean): Promise<DrillResult | undefined> {
    if (this.abort.signal.aborted) return undefined;
    const { logger } = this.options;
    this.running += 1;
    try {
      const { result, log } = await runDrill({
        dump,
        config: entry.config,
        server: entry.server,
        stateDir: this.options.stateDir,
        monitored: this.options.monitored,
        signal: this.abort.signal,
        logger,
      });
      const secrets = [entry.server.toolEnv.PGPASSWORD ?? '', entry.config.server ?? ''];
      const masked = { ...result, messages: result.messages.map((m) => maskedLog(m, secrets)) };
      await this.history.record(masked, maskedLog(log, secrets), entry.config.keep_runs);
      const fields = { database: dump.database, type: dump.type, file: dump.name, problems: result.problems };
      if (result.success)
        logger.info({ ...fields, tables: result.tables, rows: result.rows }, 'restore drill succeeded');
      else logger.warn({ ...fields, messages: masked.messages }, 'restore drill failed');
      return masked;
    } catch (error) {
      if (!(error instanceof DrillBusyError)) throw error;
      this.retryAt.set(groupKey(dump.database, dump.type), Date.now() + BUSY_RETRY_MS);
      logger.info({ server: entry.server.key }, error.message);
      if (throwBusy) throw error;
      return undefined;
    } finally {
      this.running -= 1;
    }
  }

  /** Drops the scratch databases a crashed drill left (only those our ledger lists), under each server's lock. */
  private async cleanUpLeftovers(): Promise<void> {
    const seen = new Set<string>();
    for (const { server } of this.entries) {
      if (seen.has(server.key)) continue;
      seen.add(server.key);
      const client = controlClient(server);
      try {
        await client.connect();
        if (!(await tryDrillLock(client))) continue; // a drill runs there now; the next drill cleans up under the lock
        const dropped = await dropLeftovers(client, new ScratchLedger(this.options.stateDir, server.key));
        if (dropped.length)
          this.options.logger.info({ server: server.key, databases: dropped }, 'dropped leftover scratch databases');
      } catch (error) {
        this.options.logger.warn(
          { server: server.key, err: String((error as Error).message) },
          'scratch server clean-up failed',
        );
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }
}

const dirOf = (file: string): string => path.dirname(file);
