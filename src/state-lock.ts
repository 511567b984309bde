// One agent per state_dir: two agents on one directory would both send the same outbox and overwrite each other's
// alert states. The first takes `pgwarden.lock` (its pid); a second is refused while that pid lives. A lock left by a
// process that died (kill -9, a crash) is taken over.
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

export class StateDirLockedError extends Error {}

/** Whether a process with this pid exists (signal 0 checks without signalling; EPERM means it exists). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What to do about an existing lock: refuse while another living process holds it, else take it over. */
export function lockDecision(
  holder: number | undefined,
  self: number,
  isAlive: (pid: number) => boolean,
): 'take' | 'refuse' {
  if (holder === undefined || holder === self) return 'take';
  return isAlive(holder) ? 'refuse' : 'take';
}

async function holderOf(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Takes the lock of `dir`; returns its release. Throws StateDirLockedError when another agent holds it. */
export async function lockStateDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'pgwarden.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = await holderOf(file);
      if (lockDecision(holder, process.pid, alive) === 'refuse') {
        throw new StateDirLockedError(
          `state_dir ${dir} is in use by another pgwarden (pid ${holder}); give each agent its own state_dir ` +
            `(if no pgwarden runs as pid ${holder}, delete ${file})`,
        );
      }
      await unlink(file).catch(() => undefined);
    }
  }
  return async () => {
    if ((await holderOf(file)) === process.pid) await unlink(file).catch(() => undefined);
  };
}
