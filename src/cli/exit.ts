// Ending the CLI without losing output: process.exit() drops whatever stdout/stderr still queue, which happens when
// they are pipes (`| tee`, CI logs) and the reader is slower than the writer. Flush both first, then exit.
import type { Writable } from 'node:stream';

function flushed(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    // The callback of an empty write runs once everything written before it has been handed to the OS.
    stream.write('', () => resolve());
  });
}

// A reader that stays but never reads (a stopped pager, a wedged supervisor) must not keep us alive for ever.
const FLUSH_LIMIT_MS = 5000;

/** Exits with `code` once stdout and stderr have drained, or after FLUSH_LIMIT_MS at the latest. */
export async function exitAfterFlush(code: number): Promise<never> {
  process.exitCode = code;
  setTimeout(() => process.exit(code), FLUSH_LIMIT_MS).unref();
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
