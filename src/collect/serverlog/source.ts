// One target's server log as a collection source: each collection reads what was written since the last one (from
// the saved position), counts it, and returns the pg_log_* families. A missing or unreadable file is
// pg_log_file_readable 0 and one log line (again only when the reason changes), never a failed scrape.
import path from 'node:path';
import type { Logger } from '../../log.js';
import type { CollectContext, Collected, Collector } from '../collector.js';
import type { MetricFamily } from '../model.js';
import type { Target } from '../target.js';
import { DEFAULT_LINE_PREFIX, type ServerLogConfig } from './config.js';
import { LogCounters } from './counters.js';
import type { LogEntry } from './entry.js';
import { LogFollower, type ReadSink } from './follow.js';
import { PositionStore } from './position.js';
import { EntryDecoder, RecordSplitter } from './records.js';
import { RecentEvents, type RecentEvent } from './recent.js';

const PREFIX_REFRESH_MS = 5 * 60_000;

/** The position file of a target's log under state_dir (the name is encoded: a target name may hold any character). */
export function positionFile(stateDir: string, target: string): string {
  return path.join(stateDir, 'serverlog', `${encodeURIComponent(target)}.json`);
}

/**
 * A collector like the others (runCollector is its boundary): it follows the file only when collected, reading from
 * the saved position what was written since, so it has no life of its own between collections.
 */
export class ServerLogSource implements Collector {
  readonly name = 'serverlog';
  private readonly counters: LogCounters;
  private readonly recent: RecentEvents;
  private readonly store: PositionStore;
  private readonly follower: LogFollower;
  private readonly splitter: RecordSplitter;
  private decoder: EntryDecoder | undefined;
  private loaded = false;
  private prefixCheckedAt = -Infinity;
  private serverPrefix: string | undefined;
  private problem: string | undefined;
  private readable = false;
  private readonly totals = { read: 0, skipped: 0, rotations: 0 };

  constructor(
    readonly targetName: string,
    readonly config: ServerLogConfig,
    stateDir: string,
    private readonly logger: Logger,
  ) {
    this.counters = new LogCounters({ maxSeries: config.max_series, topStatements: config.top_statements });
    this.recent = new RecentEvents(config.recent_events);
    this.store = new PositionStore(positionFile(stateDir, targetName));
    this.follower = new LogFollower(config.path, this.store, config.max_bytes_per_collection);
    this.splitter = new RecordSplitter(config.format === 'csvlog', config.max_record_bytes);
  }

  /** Newest first, masked for display. */
  events(limit?: number): RecentEvent[] {
    return this.recent.latest(limit);
  }

  async collect({ now, target }: CollectContext): Promise<Collected> {
    if (!this.loaded) {
      await this.store.load();
      this.loaded = true;
    }
    const decoder = await this.decoderFor(now, target);
    const entries: LogEntry[] = [];
    const records: string[] = [];
    const take = () => {
      decoder.decode(records, entries);
      records.length = 0;
      for (const entry of entries) this.count(entry);
      entries.length = 0;
    };
    const sink: ReadSink = {
      data: (chunk) => {
        this.splitter.push(chunk, records);
        take();
      },
      fileEnd: () => {
        this.splitter.end(records);
        take();
        decoder.flush(entries);
        take();
      },
      skipped: () => this.splitter.resync(),
      pendingBytes: () => this.splitter.pendingBytes,
    };
    const result = await this.follower.poll(sink);
    this.splitter.dropPending();
    decoder.flush(entries);
    take();
    this.totals.read += result.bytesRead;
    this.totals.skipped += result.skippedBytes;
    this.totals.rotations += result.rotations;
    this.readable = result.readable;
    if (result.skippedBytes > 0) {
      this.logger.warn(
        { target: this.targetName, bytes: result.skippedBytes },
        'server log backlog over max_bytes_per_collection skipped',
      );
    }
    this.reportProblem(result.problem);
    return { kind: 'families', families: [...this.counters.families(), ...this.readerFamilies(decoder)] };
  }

  private count(entry: LogEntry): void {
    this.counters.add(entry);
    this.recent.add(entry);
  }

  /** The decoder for the configured prefix, or the server's (SHOW log_line_prefix, refreshed every few minutes). */
  private async decoderFor(now: number, target: Target | undefined): Promise<EntryDecoder> {
    const { format, line_prefix: configured } = this.config;
    if (format === 'stderr' && configured === undefined && target && now - this.prefixCheckedAt >= PREFIX_REFRESH_MS) {
      try {
        const rows = await target.query("SELECT current_setting('log_line_prefix') AS prefix");
        this.serverPrefix = String(rows[0]?.prefix ?? DEFAULT_LINE_PREFIX);
        this.prefixCheckedAt = now;
      } catch {
        // The server is down: keep the prefix learned before (or the default) and ask again next time.
      }
    }
    const prefix = configured ?? this.serverPrefix ?? DEFAULT_LINE_PREFIX;
    if (!this.decoder || this.decoderPrefix !== prefix) {
      this.decoder = new EntryDecoder(format, prefix);
      this.decoderPrefix = prefix;
    }
    return this.decoder;
  }

  private decoderPrefix: string | undefined;

  private reportProblem(problem: string | undefined): void {
    if (problem === this.problem) return;
    if (problem)
      this.logger.warn({ target: this.targetName, path: this.config.path, problem }, 'server log cannot be read');
    else this.logger.info({ target: this.targetName, path: this.config.path }, 'server log is readable');
    this.problem = problem;
  }

  private readerFamilies(decoder: EntryDecoder): MetricFamily[] {
    const gauge = (name: string, help: string, value: number): MetricFamily => ({
      name,
      help,
      type: 'gauge',
      samples: [{ labels: {}, value }],
    });
    const counter = (name: string, help: string, value: number): MetricFamily => ({
      name,
      help,
      type: 'counter',
      samples: [{ labels: {}, value }],
    });
    return [
      gauge(
        'pg_log_file_readable',
        'Whether a file matching the configured log path could be read in the last collection.',
        this.readable ? 1 : 0,
      ),
      counter('pg_log_read_bytes_total', 'Bytes of server log read.', this.totals.read),
      counter(
        'pg_log_skipped_bytes_total',
        'Bytes of server log skipped because the backlog exceeded max_bytes_per_collection.',
        this.totals.skipped,
      ),
      counter(
        'pg_log_rotations_total',
        'Log files read to their end because a newer one followed (rotations seen).',
        this.totals.rotations,
      ),
      counter(
        'pg_log_truncated_records_total',
        'Records longer than max_record_bytes (their first bytes were kept).',
        this.splitter.truncatedRecords,
      ),
      counter(
        'pg_log_unparsed_records_total',
        'Records that were not a log message in the configured format (or lines belonging to none).',
        decoder.unparsed + decoder.orphanLines,
      ),
    ];
  }
}
