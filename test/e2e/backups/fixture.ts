// Builds real backup directories, as backup-database.sh writes them, in temporary folders.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { MetricFamily } from '../../../src/collect/model.js';
import { createLogger, type Logger } from '../../../src/log.js';

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `pgwarden-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function dumpBytes(sql = 'CREATE TABLE t (id int);\n'): Buffer {
  return gzipSync(Buffer.from(sql));
}

export interface BackupFiles {
  /** Dump contents; default a valid gzip. */
  readonly dump?: Buffer;
  /** `.sha256` contents; default the dump's real checksum in sha256sum format; null: no file. */
  readonly sha256?: string | Buffer | null;
  /** `.meta` contents; default `status=success`; null: no file. */
  readonly meta?: string | Buffer | null;
  /** Modification time (seconds) of all three files; default an hour before now. */
  readonly mtime?: number;
}

export async function writeBackup(dir: string, name: string, files: BackupFiles = {}): Promise<void> {
  const dump = files.dump ?? dumpBytes();
  const mtime = files.mtime ?? Date.now() / 1000 - 3600;
  await writeFile(join(dir, name), dump);
  const sha = files.sha256 === undefined ? `${sha256(dump)}  ${name}\n` : files.sha256;
  if (sha !== null) await writeFile(join(dir, `${name}.sha256`), sha);
  const meta = files.meta === undefined ? 'status=success\n' : files.meta;
  if (meta !== null) await writeFile(join(dir, `${name}.meta`), meta);
  for (const suffix of ['', '.sha256', '.meta']) {
    await utimes(join(dir, name + suffix), mtime, mtime).catch(() => undefined);
  }
}

/** `{labels as JSON: value}` of one family; {} when the family is absent. */
export function series(families: readonly MetricFamily[], name: string): Record<string, number> {
  const family = families.find((f) => f.name === name);
  return Object.fromEntries((family?.samples ?? []).map((s) => [JSON.stringify(s.labels), s.value]));
}

/** The value of one series, undefined when absent. */
export function valueOf(
  families: readonly MetricFamily[],
  name: string,
  labels: Record<string, string>,
): number | undefined {
  return series(families, name)[JSON.stringify(labels)];
}

/** The problem counts of one (database, type) that are not zero. */
export function problemsOf(families: readonly MetricFamily[], database: string, type: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const s of families.find((f) => f.name === 'pg_backup_problems')?.samples ?? []) {
    if (s.labels.database === database && s.labels.type === type && s.value !== 0) result[s.labels.problem!] = s.value;
  }
  return result;
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function capturingLogger(level = 'info'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}
