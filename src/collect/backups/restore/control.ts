// Our control session on the scratch server (CREATE / DROP DATABASE, size watch) and the drill lock it holds: a
// session advisory lock, so one drill at a time per scratch server across processes (agent and CLI), released by the
// server itself when a crashed process's connection goes.
import pg from 'pg';
import type { ScratchServer } from './scratch-server.js';

export const DRILL_APPLICATION_NAME = 'pgwarden-restore-drill';
const DRILL_LOCK_KEY = 0x70677764; // "pgwd"

export function controlClient(server: ScratchServer): pg.Client {
  const client = new pg.Client({
    ...server.connection,
    application_name: DRILL_APPLICATION_NAME,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 60_000,
  });
  client.on('error', () => undefined); // a dropped connection surfaces as the next query's error
  return client;
}

export async function tryDrillLock(client: pg.ClientBase): Promise<boolean> {
  const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [DRILL_LOCK_KEY]);
  return result.rows[0]!.ok;
}
