// What the log said since the agent started, as pg_log_* families. Classification is classify.ts; this only counts.
import type { MetricFamily } from '../model.js';
import { CappedCounter } from './capped-counter.js';
import { classify, type LogEvent } from './classify.js';
import type { LogEntry } from './entry.js';
import { TopStatements } from './statements.js';

export interface CounterLimits {
  /** Label sets per labelled counter (database/user, user/client) before the rest is summed. */
  readonly maxSeries: number;
  /** Normalized statements exported by total time. */
  readonly topStatements: number;
}

/** Seconds; the slow-statement threshold is often 100 ms to a few seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

type Simple = Exclude<LogEvent['kind'], 'auth_failure' | 'autovacuum' | 'connection'>;

const SIMPLE: Record<Simple, [name: string, help: string]> = {
  disconnection: ['pg_log_disconnections_total', 'Sessions that ended (log_disconnections).'],
  slow_statement: [
    'pg_log_slow_statements_total',
    'Statements logged with their duration (log_min_duration_statement).',
  ],
  deadlock: ['pg_log_deadlocks_total', 'Deadlocks detected.'],
  lock_wait: ['pg_log_lock_waits_total', 'Lock waits longer than deadlock_timeout (log_lock_waits).'],
  temp_file: ['pg_log_temp_files_total', 'Temporary files written (log_temp_files).'],
  checkpoint: ['pg_log_checkpoints_total', 'Checkpoints and restartpoints completed (log_checkpoints).'],
  checkpoint_too_frequent: [
    'pg_log_checkpoints_too_frequent_total',
    'Warnings that checkpoints are occurring too frequently (raise max_wal_size).',
  ],
  replication_failure: ['pg_log_replication_failures_total', 'Replication errors: WAL streaming lost or refused.'],
  archive_failure: ['pg_log_archive_failures_total', 'archive_command or archive module failures.'],
  out_of_memory: ['pg_log_out_of_memory_total', 'Out-of-memory messages (SQLSTATE 53200).'],
  out_of_disk: ['pg_log_out_of_disk_total', 'Out-of-disk messages (No space left on device, SQLSTATE 53100).'],
  server_start: ['pg_log_server_starts_total', 'Times the server became ready to accept connections.'],
  server_shutdown: ['pg_log_server_shutdowns_total', 'Clean server shutdowns.'],
  crash_restart: ['pg_log_crash_restarts_total', 'Crashes of a server process that restarted all of them.'],
};

const SECONDS: Partial<Record<LogEvent['kind'], [name: string, help: string]>> = {
  lock_wait: ['pg_log_lock_wait_seconds_total', 'Time processes had waited when their lock wait was logged.'],
  disconnection: ['pg_log_session_seconds_total', 'Duration of the sessions that ended.'],
};

export class LogCounters {
  private readonly simple = new Map<string, number>();
  private readonly seconds = new Map<string, number>();
  private tempBytes = 0;
  private readonly buckets = DURATION_BUCKETS.map(() => 0);
  private durationCount = 0;
  private durationSum = 0;
  private readonly messages: CappedCounter;
  private readonly connections: CappedCounter;
  private readonly authFailures: CappedCounter;
  private readonly autovacuum = new CappedCounter(
    'pg_log_autovacuum_runs_total',
    'Autovacuum and autoanalyze runs logged (log_autovacuum_min_duration).',
    2,
    [],
  );
  private readonly autovacuumSeconds = new CappedCounter(
    'pg_log_autovacuum_seconds_total',
    'Elapsed time of the logged autovacuum and autoanalyze runs.',
    2,
    [],
  );
  private readonly statements: TopStatements;

  constructor(limits: CounterLimits) {
    this.messages = new CappedCounter(
      'pg_log_messages_total',
      'Messages in the server log by severity and SQLSTATE class, per database and user (top N, the rest as __other__).',
      limits.maxSeries,
      ['database', 'user'],
    );
    this.connections = new CappedCounter(
      'pg_log_connections_total',
      'Connections authorized (log_connections), per database and user.',
      limits.maxSeries,
      ['database', 'user'],
    );
    this.authFailures = new CappedCounter(
      'pg_log_auth_failures_total',
      'Failed authentications by user and client address (top N, the rest as __other__).',
      limits.maxSeries,
      ['user', 'client_addr'],
    );
    this.statements = new TopStatements(limits.topStatements);
    for (const operation of ['vacuum', 'analyze']) {
      this.autovacuum.add({ operation }, 0);
      this.autovacuumSeconds.add({ operation }, 0);
    }
  }

  add(entry: LogEntry): LogEvent[] {
    this.messages.add({
      severity: entry.severity,
      sqlstate_class: entry.sqlstate?.slice(0, 2),
      database: entry.database,
      user: entry.user,
    });
    const events = classify(entry);
    for (const event of events) this.count(entry, event);
    return events;
  }

  private count(entry: LogEntry, event: LogEvent): void {
    switch (event.kind) {
      case 'connection':
        this.connections.add({ database: entry.database, user: entry.user });
        return;
      case 'auth_failure':
        this.authFailures.add({ user: event.user, client_addr: entry.client });
        return;
      case 'autovacuum':
        this.autovacuum.add({ operation: event.operation });
        this.autovacuumSeconds.add({ operation: event.operation }, event.seconds);
        return;
      case 'slow_statement':
        this.observeDuration(event.seconds);
        if (event.statement) this.statements.add(event.statement, event.seconds);
        break;
      case 'temp_file':
        this.tempBytes += event.bytes;
        break;
      case 'lock_wait':
      case 'disconnection':
        this.seconds.set(event.kind, (this.seconds.get(event.kind) ?? 0) + event.seconds);
        break;
    }
    this.simple.set(event.kind, (this.simple.get(event.kind) ?? 0) + 1);
  }

  private observeDuration(seconds: number): void {
    this.durationCount += 1;
    this.durationSum += seconds;
    DURATION_BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.buckets[i] = (this.buckets[i] as number) + 1;
    });
  }

  /** Series folded into __other__ by the caps, per counter (pgwarden_log_folded_total). */
  foldedFamily(): MetricFamily {
    const counters = [this.messages, this.connections, this.authFailures];
    return {
      name: 'pgwarden_log_folded_total',
      type: 'counter',
      help: 'Increments summed into a __other__ series because the counter reached its max_series label sets.',
      samples: counters.map((c) => ({ labels: { metric: c.name }, value: c.folded })),
    };
  }

  families(): MetricFamily[] {
    // Every counter is present from the start (at 0), so rate() and increase() see the first event.
    const simple = Object.entries(SIMPLE).map(([kind, [name, help]]) => ({
      name,
      help,
      type: 'counter' as const,
      samples: [{ labels: {}, value: this.simple.get(kind) ?? 0 }],
    }));
    const seconds = Object.entries(SECONDS).map(([kind, [name, help]]) => ({
      name,
      help,
      type: 'counter' as const,
      samples: [{ labels: {}, value: this.seconds.get(kind) ?? 0 }],
    }));
    return [
      this.messages.family(),
      this.connections.family(),
      this.authFailures.family(),
      ...simple,
      ...seconds,
      {
        name: 'pg_log_temp_file_bytes_total',
        type: 'counter',
        help: 'Bytes of the temporary files logged.',
        samples: [{ labels: {}, value: this.tempBytes }],
      },
      this.autovacuum.family(),
      this.autovacuumSeconds.family(),
      ...this.durationFamilies(),
      ...this.statements.families(),
      this.foldedFamily(),
    ];
  }

  /** A histogram as its three series families (the snapshot model has no histogram type; PromQL needs only these). */
  private durationFamilies(): MetricFamily[] {
    const name = 'pg_log_slow_statement_duration_seconds';
    const help = 'Duration of the statements logged with duration: lines (a histogram).';
    const bucketSamples = DURATION_BUCKETS.map((le, i) => ({
      labels: { le: String(le) },
      value: this.buckets[i] as number,
    }));
    bucketSamples.push({ labels: { le: '+Inf' }, value: this.durationCount });
    return [
      { name: `${name}_bucket`, type: 'untyped', help, samples: bucketSamples },
      { name: `${name}_sum`, type: 'untyped', help, samples: [{ labels: {}, value: this.durationSum }] },
      { name: `${name}_count`, type: 'untyped', help, samples: [{ labels: {}, value: this.durationCount }] },
    ];
  }
}
