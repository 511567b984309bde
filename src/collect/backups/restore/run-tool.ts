// Runs psql or pg_restore for one drill: no shell, the password only in the environment, the plain dump streamed in
// (gunzipped on the way for .sql.gz), output kept bounded (its head and tail), and ended when the signal aborts:
// SIGTERM, then SIGKILL if the tool has not gone within a few seconds.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { DumpFormat } from '../filename.js';
import type { ClientBinaries } from './binaries.js';

const OUTPUT_KEEP = 32 * 1024;
const KILL_AFTER_MS = 3000;

export interface ToolRun {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The output's first and last bytes (stdout and stderr interleaved); the middle is elided when it is long. */
  readonly output: string;
  readonly aborted: boolean;
  /** The dump could not be streamed to the end (a corrupt gzip): whatever psql committed is incomplete. */
  readonly inputError?: string;
}

/** The command line for one format. Pure; the database is the scratch database name (no secret). */
export function toolCommand(
  format: DumpFormat,
  binaries: ClientBinaries,
  file: string,
  database: string,
): { command: string; args: string[]; stdinFile: boolean } {
  if (format === 'custom') {
    return {
      command: binaries.pgRestore,
      args: ['--exit-on-error', '--single-transaction', '--no-password', '-d', database, file],
      stdinFile: false,
    };
  }
  return {
    command: binaries.psql,
    args: ['-X', '-q', '--no-password', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', database, '-f', '-'],
    stdinFile: true,
  };
}

class BoundedOutput {
  private head = '';
  private tail = '';
  private dropped = 0;

  add(text: string): void {
    if (this.head.length < OUTPUT_KEEP) {
      const room = OUTPUT_KEEP - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text === '') return;
    this.tail += text;
    if (this.tail.length > OUTPUT_KEEP) {
      this.dropped += this.tail.length - OUTPUT_KEEP;
      this.tail = this.tail.slice(-OUTPUT_KEEP);
    }
  }

  toString(): string {
    return this.dropped
      ? `${this.head}\n[... ${this.dropped} characters left out ...]\n${this.tail}`
      : this.head + this.tail;
  }
}

export async function runRestoreTool(
  format: DumpFormat,
  binaries: ClientBinaries,
  file: string,
  database: string,
  env: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<ToolRun> {
  const { command, args, stdinFile } = toolCommand(format, binaries, file, database);
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PGDATABASE: database },
    stdio: [stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const output = new BoundedOutput();
  child.stdout!.setEncoding('utf8').on('data', (t: string) => output.add(t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => output.add(t));
  let aborted = false;
  let inputError: string | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    aborted = true;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  if (stdinFile && child.stdin) {
    const source = createReadStream(file);
    // A broken stream (corrupt gzip, psql gone after ON_ERROR_STOP) ends the input; the tool's exit says the rest.
    const piped = format === 'plain-gz' ? pipeline(source, createGunzip(), child.stdin) : pipeline(source, child.stdin);
    piped.catch((error: Error & { code?: string }) => {
      // psql stopping early (ON_ERROR_STOP) closes its stdin: that is the tool's error, not the input's.
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') inputError = error.message;
      output.add(`\npgwarden: input stream ended: ${error.message}\n`);
      child.stdin?.destroy();
    });
  }
  const [exitCode, exitSignal] = await new Promise<[number | null, string | null]>((resolve) => {
    child.on('error', (error) => {
      output.add(`\npgwarden: cannot run ${command}: ${error.message}\n`);
      resolve([null, null]);
    });
    child.on('close', (code, sig) => resolve([code, sig]));
  });
  clearTimeout(killTimer);
  signal.removeEventListener('abort', onAbort);
  return { exitCode, signal: exitSignal, output: output.toString(), aborted, ...(inputError ? { inputError } : {}) };
}
