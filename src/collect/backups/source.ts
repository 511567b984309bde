// The backup source: scans the configured directories and pgBackRest info, keeps verification going in the
// background, and answers with metric families. Bad input is data: it becomes metric values and a log line.
import type { Logger } from '../../log.js';
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

export interface BackupSourceOptions {
  /** Byte budget of background verification (default 64 MiB/s; 0: unthrottled). */
  readonly verifyBytesPerSecond?: number;
  /** A dump modified within this many seconds may still be being written; it waits (default 60). */
  readonly settleSeconds?: number;
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

export class BackupSource {
  /** The sampler's name for this source (ExtraSource). */
  readonly name = 'backups';
  private readonly scanners: DirectoryScanner[] = [];
  private readonly pgBackRest: PgBackRestConfig[] = [];
  private readonly verifier: BackgroundVerifier;
  private readonly problemLog: ProblemLog;
  private readonly settleMs: number;
  private readonly abort = new AbortController();
  private inFlight: Promise<MetricFamily[]> | undefined;
  private pendingVerification = false;

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
        this.scanners.push(new DirectoryScanner(config));
      }
    }
    this.verifier = new BackgroundVerifier(logger, opts.verifyBytesPerSecond ?? 64 * 1024 * 1024);
    this.problemLog = new ProblemLog(logger);
    this.settleMs = (opts.settleSeconds ?? 60) * 1000;
  }

  /** Scans everything once; joins a collection already in flight. `now` (ms) decides which dumps are still settling. */
  collect(now: number = Date.now()): Promise<MetricFamily[]> {
    this.inFlight ??= this.collectOnce(now).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /**
   * Collects until verification has nothing left to do, so the answer reflects every check (for one-shot checks such
   * as `pgwarden check --backups`, and tests).    */
  async collectVerified(now: number = Date.now()): Promise<MetricFamily[]> {
    // Each round verifies at least one more file; the bound only guards against files that change under us.
    for (let round = 0; ; round++) {
      const families = await this.collect(now);
      if (!this.pendingVerification || this.abort.signal.aborted || round >= 10_000) return families;
      await this.verifier.idle();
    }
  }

  close(): void {
    this.abort.abort();
    this.verifier.close();
    for (const scanner of this.scanners) scanner.close();
  }

  private async collectOnce(now: number): Promise<MetricFamily[]> {
    const files: BackupFile[] = [];
    const directories: DirectoryFacts[] = [];
    const walArchives: WalArchiveFacts[] = [];
    const issues: ScanIssue[] = [];
    for (const scanner of this.scanners) {
      const scan = await scanner.scan(now);
      files.push(...scan.files);
      directories.push(...scan.directories);
      if (scan.walArchive) walArchives.push(scan.walArchive);
      issues.push(...scan.issues);
    }
    const verifications = new Map<string, Verification>();
    for (const file of files) {
      const result = file.verify ? this.verifier.result(file) : undefined;
      if (result) verifications.set(file.path, result);
    }
    const summary = summariseBackups(files, verifications, { nowMs: now, settleMs: this.settleMs });
    this.verifier.schedule(
      summary.verifyQueue,
      files.filter((file) => file.verify),
    );
    this.pendingVerification = summary.verifyQueue.length > 0;
    const backRest = await this.collectPgBackRest();
    const groups = [...summary.groups, ...backRest.groups];
    this.problemLog.update([
      ...groupProblems(groups),
      ...issueProblems(issues),
      ...directoryProblems(directories),
      ...backRest.problems,
    ]);
    return backupFamilies({
      groups,
      directories,
      walArchives,
      stanzas: backRest.stanzas,
      pgBackRestSources: backRest.sources,
    });
  }

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
