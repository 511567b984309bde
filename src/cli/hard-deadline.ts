// The check's own deadline is a timer on the main event loop: if that loop is ever kept busy (a fault like the EPIPE
// loop stdio-guard.ts ends, or any synchronous runaway), the timer never fires and a Nagios worker waits for ever.
// This watchdog runs on a worker thread with its own event loop: at the hard limit it writes the prepared verdict to
// fd 1 and kills the process, whatever the main thread is doing. Nagios reads the line; the exit status is the
// signal's, which Nagios reports as out of bounds — better than a plugin that never ends.
import { Worker } from 'node:worker_threads';

// Inline CommonJS (no execArgv inherited, so `--input-type=module` or a test runner's loader cannot change how it
// loads): the same code runs from dist/ and from the TypeScript sources under the test runner.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
setTimeout(() => {
  try {
    writeSync(1, workerData.verdict);
  } catch {
    // Nobody reads stdout any more: ending the process is all that is left to do.
  }
  process.kill(process.pid, 'SIGKILL');
}, workerData.ms);
`;

export interface HardDeadline {
  cancel(): void;
}

/** Kills this process after `ms` unless cancelled, printing `verdict` first. Does not keep the process alive. */
export function startHardDeadline(ms: number, verdict: string): HardDeadline {
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { ms, verdict }, execArgv: [] });
  worker.unref();
  return { cancel: () => void worker.terminate() };
}
