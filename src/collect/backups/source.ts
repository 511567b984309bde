// The backup source: scans the configured directories and pgBackRest info, keeps verification going in the
// background, and answers with metric families. Bad input is data: it becomes metric values and a log line.
import { join } from 'node:path';
import type { Logger } from '../../log.js';
import type { CollectContext, Collected, Collector } from '../collector.js';
import type { MetricFamily } from '../model.js';
import { type BackupConfigEntry, isPgBackRestEntry, type PgBackRestConfig } from './config.js';
import { DIRECTORY_PROBLEMS, type DirectoryProblem } from './clock.js';
import { errorCode } from './concurrency.js';
import {
  backupFamilies,
  type DirectoryFacts,
  type PgBackRestSourceFacts,
  type StanzaStatus,
  type WalArchiveFacts,
} from './families.js';
import { BACKUP_PROBLEMS, type BackupFile, type BackupGroupSummary, type Verification } from './model.js';
import { readPgBackRestInfo, pgBackRestSourceName } from './pgbackrest-source.js';
import { ProblemLog, type CurrentProblem } from './problem-log.js';
import { DirectoryScanner, type ScanIssue } from './scan.js';
import { summariseBackups } from './summary.js';
import { BackgroundVerifier } from './verifier.js';
import { mergeOffsiteGroups, offsiteFamilies } from './offsite/families.js';
import { OffsiteWatcher, type OffsiteVerdict } from './offsite/watcher.js';
import { RestoreDrills, type DrillRequest, type RestoreDrillsOptions } from './restore/drills.js';
import type { DrillResult } from './restore/model.js';

export interface BackupSourceOptions {
  /** Byte budget of background verification (default 64 MiB/s; 0: unthrottled). */
  readonly verifyBytesPerSecond?: number;
  /** A dump modified within this many seconds may still be being written; it waits (default 60). */
  readonly settleSeconds?: number;
  /** Keeps verification results here (survive restarts); absent: in memory only. */
  readonly stateDir?: string;
  /** Restore drills of the directories with `restore_test` (absent: none run, none reported). */
  readonly restore?: Omit<RestoreDrillsOptions, 'logger'>;
}

interface CollectedPgBackRest {
  readonly groups: BackupGroupSummary[];
  readonly stanzas: StanzaStatus[];
  readonly sources: PgBackRestSourceFacts[];
  readonly problems: CurrentProblem[];
}

function groupProblems(groups: readonly BackupGroupSummary[]): CurrentProblem[] {
  return groups.flatMap((g) =>
    BACKUP_PROBLEMS.filter((problem) => g.problems[problem] > 0).map((problem) => ({
      key: `backup\u0000${g.database}\u0000${g.type}\u0000${problem}`,
      count: g.problems[problem],
      message: 'backups with a problem',
      fields: { database: g.database, type: g.type, problem, example: g.examples[problem] },
    })),
  );
}

function directoryProblems(directories: readonly DirectoryFacts[]): CurrentProblem[] {
  return directories.flatMap((d) =>
    DIRECTORY_PROBLEMS.filter((problem) => (d.problems?.counts[problem] ?? 0) > 0).map((problem) => ({
      key: `dirproblem\u0000${d.path}\u0000${problem}`,
      count: d.problems!.counts[problem],
      message: DIRECTORY_PROBLEM_MESSAGES[problem],
      fields: { path: d.path, problem, example: d.problems!.examples[problem] },
    })),
  );
}

const DIRECTORY_PROBLEM_MESSAGES: Record<DirectoryProblem, string> = {
  future_mtime: "backup files modified in the future: check this host's and the file server's clocks",
  dangling_symlink: 'backup files that are symlinks to nothing',
  impossible_date: 'backup file names with a date or time that cannot exist: not read as backups',
};

function issueProblems(issues: readonly ScanIssue[]): CurrentProblem[] {
  return issues.map((issue) => ({
    key: `dir\u0000${issue.path}\u0000${issue.error}`,
    count: 1,
    message: 'backup directory cannot be read',
    fields: { path: issue.path, error: issue.error },
  }));
}

function offsiteFamiliesOf(verdicts: readonly OffsiteVerdict[]): MetricFamily[] {
  const groups = mergeOffsiteGroups(verdicts.flatMap((verdict) => verdict.groups ?? []));
  return offsiteFamilies(
    groups,
    verdicts.map((verdict) => verdict.location),
  ).filter((family) => family.samples.length > 0);
}

/** The backup files and pgBackRest info of one target, as one collector (`backups`). */
export class BackupSource implements Collector {
  readonly name = 'backups';
  private readonly scanners: DirectoryScanner[] = [];
  private readonly pgBackRest: PgBackRestConfig[] = [];
  private readonly verifier: BackgroundVerifier;
  private readonly problemLog: ProblemLog;
  private readonly settleMs: number;
  private readonly abort = new AbortController();
  private inFlight: Promise<MetricFamily[]> | undefined;
  private pendingVerification = false;
  private readonly drills: RestoreDrills | undefined;
  /** Off-site locations, per scanner of a directory that has `offsite`. */
  private readonly offsite = new Map<DirectoryScanner, OffsiteWatcher>();
  private lastFiles: BackupFile[] = [];
  /** The directories' summaries of the last scan, for the drills. */
  private lastGroups: BackupGroupSummary[] = [];
  /** Every summary of the last collection (pgBackRest's too), for reports that name files (`pgwarden check`). */
  private reportGroups: readonly BackupGroupSummary[] = [];

  constructor(
    configs: readonly BackupConfigEntry[],
    private readonly logger: Logger,
    opts: BackupSourceOptions = {},
  ) {
    const paths = new Set<string>();
    for (const config of configs) {
      if (isPgBackRestEntry(config)) this.pgBackRest.push(config);
      else if (paths.has(config.path))
        logger.warn({ path: config.path }, 'backup directory configured twice; once is used');
      else {
        paths.add(config.path);
        const scanner = new DirectoryScanner(config);
        this.scanners.push(scanner);
        if (config.offsite)
          this.offsite.set(
            scanner,
            new OffsiteWatcher({
              path: config.path,
              retentionMs: config.retention,
              offsite: config.offsite,
              ...(config.timezone ? { timezone: config.timezone } : {}),
            }),
          );
      }
    }
    const stateDir = opts.stateDir ?? opts.restore?.stateDir;
    this.verifier = new BackgroundVerifier(
      logger,
      opts.verifyBytesPerSecond ?? 64 * 1024 * 1024,
      stateDir === undefined ? undefined : join(stateDir, 'backup-verifications.json'),
      () => this.queueNext(),
    );
    this.problemLog = new ProblemLog(logger);
    this.settleMs = (opts.settleSeconds ?? 60) * 1000;
    const drilled = this.scanners.flatMap(({ config }) =>
      config.restore_test ? [{ directory: config.path, config: config.restore_test }] : [],
    );
    if (opts.restore && drilled.length) this.drills = new RestoreDrills(drilled, { ...opts.restore, logger });
  }

  /** Drills now (CLI, API): the newest good dumps once verification is done, or the request's database or file. */
  async restoreTest(request: DrillRequest = {}): Promise<DrillResult[]> {
    if (!this.drills) return [];
    await this.collectVerified();
    return this.drills.runNow(request, this.lastFiles, this.lastGroups);
  }

  /** Whether any directory of this source has a restore_test. */
  get drillsConfigured(): boolean {
    return this.drills !== undefined;
  }

  /**
   * Scans everything once; joins a scan already in flight. `now` (ms) decides which dumps are still settling. What
   * the files are like is data (problems become metric values and one log line); it throws only on its own faults.
   */
  async collect({ now }: CollectContext = { now: Date.now() }): Promise<Collected> {
    return { kind: 'families', families: await this.scanOnce(now) };
  }

  private scanOnce(now: number): Promise<MetricFamily[]> {
    this.inFlight ??= this.collectOnce(now).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /**
   * Collects until verification has nothing left to do, so the answer reflects every check (for one-shot checks such
   * as `pgwarden check --backups`, and tests).    */
  async collectVerified(now: number = Date.now()): Promise<MetricFamily[]> {
    // Each round verifies at least one more file; the bound only guards against files that change under us.
    for (let round = 0; ; round++) {
      const families = await this.scanOnce(now);
      if (!this.pendingVerification || this.abort.signal.aborted || round >= 10_000) return families;
      await this.verifier.idle();
    }
  }

  /** Per (database, type), as of the last collection: counts, times, problems and an example file per problem. */
  get groups(): readonly BackupGroupSummary[] {
    return this.reportGroups;
  }

  /** Stops verification and scanning at once; resolves when a running restore drill has cleaned up. */
  close(): Promise<void> {
    this.abort.abort();
    const saved = this.verifier.save();
    this.verifier.close();
    for (const scanner of this.scanners) scanner.close();
    for (const watcher of this.offsite.values()) watcher.close();
    return Promise.all([saved, this.drills?.close()]).then(() => undefined);
  }

  /** After a round of verification: queue what its results make due, from the last scan (no new scan). */
  private queueNext(): void {
    const verifications = this.verificationsOf(this.lastFiles);
    const summary = summariseBackups(this.lastFiles, verifications, { nowMs: Date.now(), settleMs: this.settleMs });
    this.verifier.schedule(
      summary.verifyQueue,
      this.lastFiles.filter((file) => file.verify),
    );
  }

  private verificationsOf(files: readonly BackupFile[]): Map<string, Verification> {
    const verifications = new Map<string, Verification>();
    for (const file of files) {
      const result = file.verify ? this.verifier.result(file) : undefined;
      if (result) verifications.set(file.path, result);
    }
    return verifications;
  }

  private async collectOnce(now: number): Promise<MetricFamily[]> {
    await this.verifier.ready;
    const files: BackupFile[] = [];
    const directories: DirectoryFacts[] = [];
    const walArchives: WalArchiveFacts[] = [];
    const issues: ScanIssue[] = [];
    const filesOf = new Map<DirectoryScanner, BackupFile[]>();
    for (const scanner of this.scanners) {
      const scan = await scanner.scan(now);
      filesOf.set(scanner, scan.files);
      files.push(...scan.files);
      directories.push(...scan.directories);
      if (scan.walArchive) walArchives.push(scan.walArchive);
      issues.push(...scan.issues);
    }
    const verifications = this.verificationsOf(files);
    const summary = summariseBackups(files, verifications, { nowMs: now, settleMs: this.settleMs });
    this.lastFiles = files;
    this.verifier.schedule(
      summary.verifyQueue,
      files.filter((file) => file.verify),
    );
    this.pendingVerification = summary.verifyQueue.length > 0;
    this.lastGroups = summary.groups;
    if (this.drills) {
      await this.drills.whenReady();
      this.drills.offer(files, summary.groups, now);
    }
    const offsite = await Promise.all(
      [...this.offsite].map(([scanner, watcher]) => watcher.verdict(filesOf.get(scanner) ?? [], verifications, now)),
    );
    const backRest = await this.collectPgBackRest();
    const groups = [...summary.groups, ...backRest.groups];
    this.reportGroups = groups;
    this.problemLog.update([
      ...groupProblems(groups),
      ...issueProblems(issues),
      ...directoryProblems(directories),
      ...backRest.problems,
      ...offsite.flatMap((verdict) => verdict.problems),
    ]);
    const families = backupFamilies({
      groups,
      directories,
      walArchives,
      stanzas: backRest.stanzas,
      pgBackRestSources: backRest.sources,
    });
    if (offsite.length) families.push(...offsiteFamiliesOf(offsite));
    return this.drills ? [...families, ...this.drills.families()] : families;
  }

  /**
   * Each pgBackRest info source has its own try/catch on purpose, not the collector boundary's: one unreadable source
   * is a fact about the backups (pg_backrest_info_up{source} 0, one problem line) while the directories and the other
   * sources still report; the off-site locations likewise (pg_backup_offsite_up).
   */
  private async collectPgBackRest(): Promise<CollectedPgBackRest> {
    const result: CollectedPgBackRest = { groups: [], stanzas: [], sources: [], problems: [] };
    for (const config of this.pgBackRest) {
      const source = pgBackRestSourceName(config);
      try {
        const info = await readPgBackRestInfo(config, this.abort.signal);
        result.groups.push(...info.groups);
        result.stanzas.push(...info.stanzas);
        result.sources.push({ source, up: true });
      } catch (error) {
        result.sources.push({ source, up: false });
        const reason = error instanceof SyntaxError ? 'invalid JSON' : errorCode(error);
        result.problems.push({
          key: `pgbackrest\u0000${source}\u0000${reason}`,
          count: 1,
          message: 'pgBackRest info cannot be read',
          fields: { source, error: reason },
        });
      }
    }
    return result;
  }
}
