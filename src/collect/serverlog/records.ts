// Bytes → complete records (a line; for csvlog a CSV record, whose quoted fields may hold newlines), in bounded
// memory: an unfinished record is carried to the next chunk, and a record longer than the cap keeps its first `cap`
// bytes (the rest is dropped and counted). `pendingBytes` is what the saved position must not yet include.
import type { LogEntry } from './entry.js';
import { parseCsvRecord } from './csv-format.js';
import { parseJsonLine } from './json-format.js';
import { prefixParser } from './prefix.js';
import { StderrParser } from './stderr-format.js';

export type LogFormat = 'stderr' | 'csvlog' | 'jsonlog';

const NEWLINE = 0x0a;
const QUOTE = 0x22;

export class RecordSplitter {
  private carry: Buffer[] = [];
  private carryLength = 0;
  /** Bytes of the unfinished record, kept or dropped (they are not yet covered by the saved position). */
  private pending = 0;
  private inQuotes = false;
  /** After a skip: drop bytes up to the next record boundary. */
  private resyncing = false;
  truncatedRecords = 0;

  constructor(
    private readonly csv: boolean,
    private readonly maxRecordBytes: number,
  ) {}

  get pendingBytes(): number {
    return this.pending;
  }

  /** The next chunk of the file; complete records go to `out`. */
  push(chunk: Buffer, out: string[]): void {
    let start = 0;
    for (;;) {
      const end = this.recordEnd(chunk, start);
      if (end < 0) break;
      this.emit(chunk.subarray(start, end), out);
      start = end + 1;
    }
    this.keep(chunk.subarray(start));
  }

  /** The end of the file was reached at a rotation: whatever is carried is a (last) record. */
  end(out: string[]): void {
    if (this.pending > 0) this.emit(Buffer.alloc(0), out);
    this.resyncing = false;
  }

  /**
   * Forgets the unfinished record: the saved position stops before it, so the next read starts there again (the
   * in-memory state and the position on disk never differ, whatever happens between two reads).
   */
  dropPending(): void {
    this.carry = [];
    this.carryLength = 0;
    this.pending = 0;
    this.inQuotes = false;
  }

  /** Bytes were skipped: the next bytes start in the middle of a record. */
  resync(): void {
    this.dropPending();
    this.resyncing = true;
  }

  private recordEnd(chunk: Buffer, from: number): number {
    let i = from;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, i);
      if (!this.csv || newline < 0) {
        if (this.csv) this.countQuotes(chunk, i, chunk.length);
        return newline;
      }
      this.countQuotes(chunk, i, newline);
      if (!this.inQuotes) return newline;
      i = newline + 1;
    }
  }

  private countQuotes(chunk: Buffer, from: number, to: number): void {
    let q = chunk.indexOf(QUOTE, from);
    while (q >= 0 && q < to) {
      this.inQuotes = !this.inQuotes;
      q = chunk.indexOf(QUOTE, q + 1);
    }
  }

  private keep(part: Buffer): void {
    this.pending += part.length;
    const room = this.maxRecordBytes - this.carryLength;
    if (room <= 0 || part.length === 0) return;
    const kept = part.length > room ? part.subarray(0, room) : part;
    // A copy: the chunk buffer is reused for the next read.
    this.carry.push(Buffer.from(kept));
    this.carryLength += kept.length;
  }

  private emit(tail: Buffer, out: string[]): void {
    const total = this.pending + tail.length;
    let bytes = tail;
    if (this.carry.length > 0)
      bytes = Buffer.concat([...this.carry, tail.subarray(0, Math.max(0, this.maxRecordBytes - this.carryLength))]);
    else if (bytes.length > this.maxRecordBytes) bytes = bytes.subarray(0, this.maxRecordBytes);
    if (total > this.maxRecordBytes) this.truncatedRecords += 1;
    this.carry = [];
    this.carryLength = 0;
    this.pending = 0;
    this.inQuotes = false;
    if (this.resyncing) {
      this.resyncing = false;
      return;
    }
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    out.push(text);
  }
}

/** Records of one format → entries; stderr's multi-line messages are completed at `flush` (end of what was read). */
export class EntryDecoder {
  private readonly stderr: StderrParser | undefined;
  unparsed = 0;

  constructor(
    readonly format: LogFormat,
    linePrefix: string,
  ) {
    this.stderr = format === 'stderr' ? new StderrParser(prefixParser(linePrefix)) : undefined;
  }

  get orphanLines(): number {
    return this.stderr?.orphanLines ?? 0;
  }

  decode(records: readonly string[], out: LogEntry[]): void {
    for (const record of records) {
      if (this.stderr) {
        this.stderr.line(record, out);
        continue;
      }
      if (record === '') continue;
      const entry = this.format === 'csvlog' ? parseCsvRecord(record) : parseJsonLine(record);
      if (entry) out.push(entry);
      else this.unparsed += 1;
    }
  }

  flush(out: LogEntry[]): void {
    this.stderr?.flush(out);
  }
}
