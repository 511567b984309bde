// Gets pgBackRest info JSON from a file (written by cron) or by running a command without a shell.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { PgBackRestConfig } from './config.js';
import { parsePgBackRestInfo, type PgBackRestInfo } from './pgbackrest.js';

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** The label naming this source: the info file's path, or the command's program (never its arguments). */
export function pgBackRestSourceName(config: PgBackRestConfig): string {
  const { info_file, command } = config.pgbackrest;
  if (info_file !== undefined) return info_file;
  const argv = typeof command === 'string' ? command.trim().split(/\s+/) : command!;
  return `command:${argv[0]}`;
}

function run(argv: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, signal, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}${stderr ? `: ${stderr.trim().slice(0, 500)}` : ''}`));
        else resolve(stdout);
      },
    );
  });
}

export async function readPgBackRestInfo(config: PgBackRestConfig, signal: AbortSignal): Promise<PgBackRestInfo> {
  const { info_file, command, stanza, timeout } = config.pgbackrest;
  let text: string;
  if (info_file !== undefined) text = await readFile(info_file, { encoding: 'utf8', signal });
  else {
    const argv = typeof command === 'string' ? command.trim().split(/\s+/) : command!;
    text = await run(argv, timeout, signal);
  }
  return parsePgBackRestInfo(JSON.parse(text), stanza);
}
