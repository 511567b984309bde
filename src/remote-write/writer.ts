// One remote_write destination: snapshots in, records on the disk queue, batches out to the receiver in order. The
// send loop is the only reader of the queue, so at most one request is in flight and order is kept.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Snapshot } from '../collect/model.js';
import type { Logger } from '../log.js';
import type { RemoteWriteEntry } from './config.js';
import { DiskQueue, type Batch, type QueuedRecord } from './disk-queue.js';
import { compress, encodeSeries } from './encode.js';
import { classifyStatus, nextBackoffMs, retryAfterMs, type SendOutcome } from './outcome.js';
import { compileRelabelConfigs } from './relabel.js';
import { snapshotSeries, type SeriesContext } from './series.js';
import type { WriterCredentials } from './credentials.js';
import { createHttpClient, type HttpClient } from '../http-client/client.js';

export interface WriterStats {
  samplesIn: number;
  samplesSent: number;
  samplesFailed: number;
  samplesRetried: number;
  requestsFailed: number;
  highestQueuedMs: number;
  highestSentMs: number;
}

/** Prometheus's remote_name: the configured name, else the first six hex digits of the URL's hash. */
export function remoteName(entry: RemoteWriteEntry): string {
  return entry.name ?? createHash('sha256').update(entry.url).digest('hex').slice(0, 6);
}

/** The URL without credentials, query or fragment: safe for logs. */
export function displayUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export class RemoteWriter {
  readonly name: string;
  readonly stats: WriterStats = {
    samplesIn: 0,
    samplesSent: 0,
    samplesFailed: 0,
    samplesRetried: 0,
    requestsFailed: 0,
    highestQueuedMs: 0,
    highestSentMs: 0,
  };
  private readonly context: SeriesContext;
  private readonly stopping = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private appends: Promise<void> = Promise.resolve();
  private lastLogged = '';
  /** The entry's http_config as a client (TLS, proxy, authentication): src/http-client/. */
  private readonly client: HttpClient;

  private constructor(
    readonly entry: RemoteWriteEntry,
    private readonly queue: DiskQueue,
    private readonly credentials: WriterCredentials,
    externalLabels: Readonly<Record<string, string>>,
    private readonly logger: Logger,
  ) {
    this.name = remoteName(entry);
    this.client = createHttpClient(credentials.http);
    this.context = { job: entry.job, externalLabels, relabel: compileRelabelConfigs(entry.write_relabel_configs) };
  }

  static async start(
    entry: RemoteWriteEntry,
    stateDir: string,
    credentials: WriterCredentials,
    externalLabels: Readonly<Record<string, string>>,
    logger: Logger,
  ): Promise<RemoteWriter> {
    const dir = path.join(stateDir, 'remote_write', remoteName(entry));
    const queue = await DiskQueue.open(dir, { maxBytes: entry.queue_config.max_bytes });
    const writer = new RemoteWriter(entry, queue, credentials, externalLabels, logger);
    writer.loop = writer.run();
    return writer;
  }

  get pendingSamples(): number {
    return this.queue.pendingSamples;
  }

  get droppedSamples(): number {
    return this.queue.droppedSamples;
  }

  /** How old the oldest unsent sample is, in seconds; 0 when the queue is empty. */
  lagSeconds(nowMs: number): number {
    const oldest = this.queue.oldestPendingTimestampMs;
    return oldest === undefined ? 0 : Math.max(0, (nowMs - oldest) / 1000);
  }

  get queueBytes(): number {
    return this.queue.bytes;
  }

  /** Encodes the snapshot into records of at most max_samples_per_send samples and appends them to the queue. */
  ingest(snapshot: Snapshot): Promise<void> {
    const series = snapshotSeries(snapshot, this.context);
    const size = this.entry.queue_config.max_samples_per_send;
    const records: QueuedRecord[] = [];
    for (let i = 0; i < series.length; i += size) {
      const chunk = series.slice(i, i + size);
      records.push({ bytes: encodeSeries(chunk), samples: chunk.length, newestTimestampMs: snapshot.timestamp });
    }
    this.stats.samplesIn += series.length;
    this.stats.highestQueuedMs = Math.max(this.stats.highestQueuedMs, snapshot.timestamp);
    const appended = this.appends.then(() => this.queue.append(records));
    this.appends = appended.catch((error: unknown) => this.logOnce('cannot append to the queue', error));
    return this.appends.then(() => this.wake?.());
  }

  private logOnce(message: string, error: unknown): void {
    const text = `${message}: ${(error as Error).message ?? String(error)}`;
    if (text === this.lastLogged) return;
    this.lastLogged = text;
    this.logger.warn({ remote_name: this.name, endpoint: displayUrl(this.entry.url) }, text);
  }

  private async waitForWork(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => (clearTimeout(timer), resolve());
      this.stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    this.wake = undefined;
  }

  /** A batch is due when it is full, or when its oldest sample has waited batch_send_deadline. */
  private dueInMs(): number {
    const q = this.entry.queue_config;
    if (this.queue.pendingSamples >= q.max_samples_per_send) return 0;
    const oldest = this.queue.oldestPendingTimestampMs;
    if (oldest === undefined) return q.batch_send_deadline;
    return Math.max(0, oldest + q.batch_send_deadline - Date.now());
  }

  private async run(): Promise<void> {
    const q = this.entry.queue_config;
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      const due = this.dueInMs();
      if (this.queue.pendingRecords === 0 || due > 0) {
        await this.waitForWork(this.queue.pendingRecords === 0 ? 60_000 : due);
        continue;
      }
      const batch = await this.queue.peek(q.max_samples_per_send);
      if (!batch) continue;
      const outcome = await this.send(batch);
      if (outcome.kind === 'retry') {
        failures += 1;
        this.stats.samplesRetried += batch.samples;
        this.stats.requestsFailed += 1;
        this.logOnce('remote write failed, retrying', new Error(outcome.reason));
        await sleep(nextBackoffMs(failures, q.min_backoff, q.max_backoff, outcome.retryAfterMs), this.stopping.signal);
        continue;
      }
      failures = 0;
      if (outcome.kind === 'rejected') {
        this.stats.samplesFailed += batch.samples;
        this.stats.requestsFailed += 1;
        this.logOnce('remote write rejected the samples; they are dropped', new Error(outcome.reason));
      } else {
        this.stats.samplesSent += batch.samples;
        this.stats.highestSentMs = Math.max(this.stats.highestSentMs, batch.newestTimestampMs);
        this.lastLogged = '';
      }
      await this.queue.commit(batch.records);
    }
  }

  private async send(batch: Batch): Promise<SendOutcome> {
    const headers: Record<string, string> = {
      ...this.entry.headers,
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf',
      'User-Agent': 'pgwarden',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    };
    const timeout = AbortSignal.timeout(this.entry.remote_timeout);
    try {
      const response = await this.client.fetch(this.credentials.url, {
        method: 'POST',
        headers,
        body: compress(batch.body),
        signal: AbortSignal.any([timeout, this.stopping.signal]),
      });
      await response.arrayBuffer().catch(() => undefined);
      const retryAfter = retryAfterMs(response.headers.get('retry-after'), Date.now());
      return classifyStatus(response.status, this.entry.queue_config.retry_on_http_429, retryAfter);
    } catch (error) {
      const reason = timeout.aborted ? 'timeout' : ((error as { cause?: { code?: string } }).cause?.code ?? 'network');
      return { kind: 'retry', reason };
    }
  }

  /** Stops sending; what is still queued stays on disk for the next start. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.appends;
    await this.queue.idle();
    await this.client.close();
  }
}
