// The remote-write queue on disk: append-only segment files of records (one encoded WriteRequest each), a read position
// saved after every accepted batch, and a size bound that drops the oldest segments (counted). A receiver outage or an
// agent restart loses nothing that fits in the bound, and samples leave in the order they were collected.
import { crc32 } from 'node:zlib';
import { mkdir, open, readdir, readFile, rm, truncate } from 'node:fs/promises';
import path from 'node:path';
import { writeFileDurably } from '../durable-file.js';

/** length (u32), samples (u32), newest timestamp ms (f64), crc32 of the payload (u32). */
const HEADER_BYTES = 20;
const SEGMENT_NAME = /^(\d{8})\.seg$/;

export interface QueuedRecord {
  readonly bytes: Uint8Array;
  readonly samples: number;
  readonly newestTimestampMs: number;
}

interface IndexedRecord {
  readonly segment: number;
  readonly offset: number;
  readonly length: number;
  readonly samples: number;
  readonly newestTimestampMs: number;
}

export interface Batch {
  readonly body: Buffer;
  readonly samples: number;
  readonly records: number;
  readonly newestTimestampMs: number;
}

export interface DiskQueueOptions {
  readonly maxBytes: number;
  readonly segmentBytes?: number;
}

const segmentFile = (dir: string, id: number) => path.join(dir, `${String(id).padStart(8, '0')}.seg`);

/** Parses a segment's records; stops at the first torn or corrupt one and says where the good part ends. */
export function parseSegment(data: Buffer, segment: number, from = 0): { records: IndexedRecord[]; goodEnd: number } {
  const records: IndexedRecord[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= data.length) {
    const length = data.readUInt32LE(at);
    const end = at + HEADER_BYTES + length;
    if (end > data.length) break;
    const payload = data.subarray(at + HEADER_BYTES, end);
    if (crc32(payload) !== data.readUInt32LE(at + 16)) break;
    if (at >= from) {
      records.push({
        segment,
        offset: at,
        length,
        samples: data.readUInt32LE(at + 4),
        newestTimestampMs: data.readDoubleLE(at + 8),
      });
    }
    at = end;
  }
  return { records, goodEnd: at };
}

export function encodeRecord(record: QueuedRecord): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(record.bytes.length, 0);
  header.writeUInt32LE(record.samples, 4);
  header.writeDoubleLE(record.newestTimestampMs, 8);
  header.writeUInt32LE(crc32(record.bytes), 16);
  return Buffer.concat([header, record.bytes]);
}

export class DiskQueue {
  /** Records not yet accepted by the receiver, oldest first. */
  private pending: IndexedRecord[] = [];
  private segments = new Map<number, number>(); // id → size in bytes
  private writeSegment = 1;
  private chain: Promise<unknown> = Promise.resolve();
  droppedSamples = 0;

  private constructor(
    private readonly dir: string,
    private readonly options: DiskQueueOptions,
  ) {}

  /** Opens (or creates) the queue in `dir`: reads the segments and the saved position, cuts a torn tail. */
  static async open(dir: string, options: DiskQueueOptions): Promise<DiskQueue> {
    const queue = new DiskQueue(dir, options);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const position = await readPosition(dir);
    const ids = (await readdir(dir))
      .map((n) => SEGMENT_NAME.exec(n)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const id of ids) {
      const file = segmentFile(dir, id);
      if (id < position.segment) {
        await rm(file, { force: true });
        continue;
      }
      const data = await readFile(file);
      const { records, goodEnd } = parseSegment(data, id, id === position.segment ? position.offset : 0);
      if (goodEnd < data.length) await truncate(file, goodEnd);
      queue.segments.set(id, goodEnd);
      queue.pending.push(...records);
    }
    queue.writeSegment = Math.max(position.segment, ids.at(-1) ?? 1);
    return queue;
  }

  get pendingSamples(): number {
    return this.pending.reduce((sum, r) => sum + r.samples, 0);
  }

  get pendingRecords(): number {
    return this.pending.length;
  }

  get bytes(): number {
    let total = 0;
    for (const size of this.segments.values()) total += size;
    return total;
  }

  /** The oldest pending record's newest timestamp, or undefined when nothing waits. */
  get oldestPendingTimestampMs(): number | undefined {
    return this.pending[0]?.newestTimestampMs;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Appends records durably (fsynced before this resolves), then enforces the size bound. */
  append(records: readonly QueuedRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.serial(async () => {
      const segmentBytes = this.options.segmentBytes ?? 8 * 1024 * 1024;
      if ((this.segments.get(this.writeSegment) ?? 0) >= segmentBytes) this.writeSegment += 1;
      const id = this.writeSegment;
      const handle = await open(segmentFile(this.dir, id), 'a', 0o600);
      try {
        let offset = (await handle.stat()).size;
        const encoded = records.map(encodeRecord);
        await handle.writev(encoded);
        await handle.sync();
        records.forEach((r, i) => {
          this.pending.push({
            segment: id,
            offset,
            length: r.bytes.length,
            samples: r.samples,
            newestTimestampMs: r.newestTimestampMs,
          });
          offset += (encoded[i] as Buffer).length;
        });
        this.segments.set(id, offset);
      } finally {
        await handle.close();
      }
      await this.enforceBound();
    });
  }

  /** Drops whole segments, oldest first, while the queue is over its bound; never the one being written. */
  private async enforceBound(): Promise<void> {
    while (this.bytes > this.options.maxBytes) {
      const oldest = Math.min(...this.segments.keys());
      if (oldest === this.writeSegment) return;
      const dropped = this.pending.filter((r) => r.segment === oldest);
      this.droppedSamples += dropped.reduce((sum, r) => sum + r.samples, 0);
      this.pending = this.pending.filter((r) => r.segment !== oldest);
      this.segments.delete(oldest);
      await rm(segmentFile(this.dir, oldest), { force: true });
      if (dropped.length) await this.savePosition();
    }
  }

  /** The oldest pending records joined into one WriteRequest body of at most `maxSamples` (at least one record). */
  peek(maxSamples: number): Promise<Batch | undefined> {
    return this.serial(async () => {
      const chosen: IndexedRecord[] = [];
      let samples = 0;
      for (const r of this.pending) {
        if (chosen.length && samples + r.samples > maxSamples) break;
        chosen.push(r);
        samples += r.samples;
      }
      if (!chosen.length) return undefined;
      const parts: Buffer[] = [];
      for (const r of chosen) parts.push(await readPayload(this.dir, r));
      return {
        body: Buffer.concat(parts),
        samples,
        records: chosen.length,
        newestTimestampMs: Math.max(...chosen.map((r) => r.newestTimestampMs)),
      };
    });
  }

  /** The first `records` pending records were accepted (or rejected for good): move past them durably. */
  commit(records: number): Promise<void> {
    return this.serial(async () => {
      this.pending = this.pending.slice(records);
      await this.savePosition();
      const first = this.pending[0]?.segment ?? this.writeSegment;
      for (const id of [...this.segments.keys()]) {
        if (id < first) {
          this.segments.delete(id);
          await rm(segmentFile(this.dir, id), { force: true });
        }
      }
    });
  }

  private savePosition(): Promise<void> {
    const next = this.pending[0];
    const position = next
      ? { segment: next.segment, offset: next.offset }
      : { segment: this.writeSegment, offset: this.segments.get(this.writeSegment) ?? 0 };
    return writeFileDurably(path.join(this.dir, 'position.json'), JSON.stringify(position));
  }

  /** Waits for queued file operations to finish. */
  async idle(): Promise<void> {
    await this.chain;
  }
}

async function readPosition(dir: string): Promise<{ segment: number; offset: number }> {
  try {
    const value = JSON.parse(await readFile(path.join(dir, 'position.json'), 'utf8')) as unknown;
    const { segment, offset } = value as { segment?: unknown; offset?: unknown };
    if (Number.isInteger(segment) && Number.isInteger(offset))
      return { segment, offset } as { segment: number; offset: number };
  } catch {
    // No position yet (a new queue) or an unreadable one: start from the oldest segment, re-sending rather than losing.
  }
  return { segment: 0, offset: 0 };
}

async function readPayload(dir: string, r: IndexedRecord): Promise<Buffer> {
  const handle = await open(segmentFile(dir, r.segment), 'r');
  try {
    const buffer = Buffer.alloc(r.length);
    await handle.read(buffer, 0, r.length, r.offset + HEADER_BYTES);
    return buffer;
  } finally {
    await handle.close();
  }
}
