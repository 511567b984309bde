// The watchdog thread of hard-deadline.ts: its own event loop, so its timer fires while the main thread is stuck.
import { writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const { ms, verdict } = workerData as { ms: number; verdict: string };

setTimeout(() => {
  try {
    writeSync(1, verdict);
  } catch {
    // Nobody is reading stdout any more: ending the process is all that is left to do.
  }
  process.kill(process.pid, 'SIGKILL');
}, ms);
