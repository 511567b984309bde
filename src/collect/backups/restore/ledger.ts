// Which scratch databases this agent created, in state_dir, written before CREATE DATABASE and cleared after the
// DROP: after a crash (SIGKILL, power loss) the next drill or start drops exactly these, never a database somebody
// else named pgwarden_restore_*. One file per scratch server; changed only under the server's drill lock.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { readJsonIfExists, writeFileDurably } from '../../../durable-file.js';
import { isScratchName } from './scratch-name.js';

interface LedgerFile {
  readonly server: string;
  readonly databases: string[];
}

export class ScratchLedger {
  private readonly file: string;

  constructor(
    stateDir: string,
    private readonly serverKey: string,
  ) {
    const id = createHash('sha256').update(serverKey).digest('hex').slice(0, 16);
    this.file = path.join(stateDir, 'restore-drills', `ledger-${id}.json`);
  }

  async list(): Promise<string[]> {
    const data = await readJsonIfExists<LedgerFile>(this.file);
    return (data?.databases ?? []).filter(isScratchName);
  }

  async add(name: string): Promise<void> {
    await this.save([...new Set([...(await this.list()), name])]);
  }

  async remove(name: string): Promise<void> {
    await this.save((await this.list()).filter((n) => n !== name));
  }

  private async save(databases: string[]): Promise<void> {
    await writeFileDurably(this.file, JSON.stringify({ server: this.serverKey, databases }, null, 2) + '\n');
  }
}

/** Ends every session in the scratch database and drops it (WITH FORCE: 13+, the oldest major we support). */
export async function dropScratchDatabase(control: pg.ClientBase, name: string): Promise<void> {
  await control.query(`DROP DATABASE IF EXISTS ${control.escapeIdentifier(name)} WITH (FORCE)`);
}

/** Drops the databases the ledger lists (ours, left by a crash); answers their names. Call under the drill lock. */
export async function dropLeftovers(control: pg.ClientBase, ledger: ScratchLedger): Promise<string[]> {
  const dropped: string[] = [];
  for (const name of await ledger.list()) {
    await dropScratchDatabase(control, name);
    await ledger.remove(name);
    dropped.push(name);
  }
  return dropped;
}
