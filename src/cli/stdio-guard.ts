// When the reader of our stdout or stderr is gone (Nagios killed its worker, `| head` closed the pipe, journald
// restarted), every write fails with EPIPE, emitted as an 'error' event. Unhandled, that event is an uncaught
// exception; the crash handler then writes to the same dead pipe, which raises another: a loop that never lets a
// timer run, so the check's own deadline never fires (seen under Nagios: 100% CPU and gigabytes of RSS for minutes).
import type { Writable } from 'node:stream';

export type StdioFailure = 'exit' | 'ignore';

let readerGone = false;

/** True once a write to stdout or stderr has failed: nothing more can be said there. */
export function stdioReaderGone(): boolean {
  return readerGone;
}

/**
 * `exit`: a command whose output nobody reads any more ends at once with its exit code so far (default 1).
 * `ignore`: the agent keeps monitoring and alerting when its log stream breaks; the log lines are lost, not the alerts.
 */
export function guardStdio(onFailure: StdioFailure, streams: readonly Writable[] = [process.stdout, process.stderr]) {
  for (const stream of streams) {
    stream.on('error', () => {
      readerGone = true;
      if (onFailure === 'exit') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 1);
    });
  }
}
