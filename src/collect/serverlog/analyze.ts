// A whole log file through the same splitter, decoder and counters as the live reader, from its first byte: for the
// pgBadger comparison and the parse benchmark (the live reader starts at the end and follows).
import { open } from 'node:fs/promises';
import type { MetricFamily } from '../model.js';
import { LogCounters } from './counters.js';
import type { LogEntry } from './entry.js';
import { EntryDecoder, RecordSplitter, type LogFormat } from './records.js';

export interface FileAnalysis {
  readonly families: MetricFamily[];
  readonly bytes: number;
  readonly entries: number;
  readonly unparsed: number;
}

const CHUNK = 1 << 20;

export async function analyzeLogFile(file: string, format: LogFormat, linePrefix: string): Promise<FileAnalysis> {
  const counters = new LogCounters({ maxSeries: 1000, topStatements: 20 });
  const splitter = new RecordSplitter(format === 'csvlog', 1 << 20);
  const decoder = new EntryDecoder(format, linePrefix);
  const records: string[] = [];
  const entries: LogEntry[] = [];
  let count = 0;
  const take = () => {
    decoder.decode(records, entries);
    records.length = 0;
    for (const entry of entries) counters.add(entry);
    count += entries.length;
    entries.length = 0;
  };
  const handle = await open(file, 'r');
  let bytes = 0;
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, bytes);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      splitter.push(buffer.subarray(0, bytesRead), records);
      take();
    }
  } finally {
    await handle.close();
  }
  splitter.end(records);
  take();
  decoder.flush(entries);
  take();
  return { families: counters.families(), bytes, entries: count, unparsed: decoder.unparsed + decoder.orphanLines };
}
