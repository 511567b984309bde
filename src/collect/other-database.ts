import pg from 'pg';

interface KeptConnection {
  readonly database: string;
  readonly client: pg.Client;
  /** False once the server or the network ended the session (the next visit opens a new one). */
  alive: boolean;
  idleTimer?: NodeJS.Timeout;
}

const endQuietly = (client: pg.Client) => client.end().catch(() => undefined);

/**
 * The per-database collectors' connection budget: one connection at a time in use to the target's other databases,
 * and after a visit up to `maxKept` of them (one per database) kept until `idleMs` passes (0: none kept); the next
 * visit to a kept database reuses its backend. A fresh backend costs the connection set-up (SCRAM, fork), cold catalog
 * caches and planning every prepared statement again: at 10,000 tables the per-database queries took 470–506 ms in a
 * fresh backend against 360–370 ms in a warm one, plus 6–20 ms to connect and 18–22 ms to disconnect; at 3 × 200
 * tables the other databases' backends cost twice the warm one's SQL time (docs/benchmarks.md, issue 21).
 * When all `maxKept` are taken and another database is visited, the connection used last is replaced (the others
 * stay: collections visit the databases in the same cycle, where replacing the least recently used would miss every
 * time), so with `maxKept` 1 one connection moves between databases as before.
 */
export class OtherDatabaseConnection {
  private queue: Promise<unknown> = Promise.resolve();
  /** Kept connections by database, in the order they were last used (the last one is the one replaced). */
  private readonly kept = new Map<string, KeptConnection>();
  private closed = false;

  constructor(
    private readonly configFor: (database: string) => pg.ClientConfig,
    private readonly idleMs: number,
    private readonly maxKept = 1,
  ) {}

  /** The databases of the connections kept open: visiting them first saves connections. */
  get keptDatabases(): string[] {
    return [...this.kept.values()].filter((k) => k.alive).map((k) => k.database);
  }

  /** Runs `fn` on a connection to `database`, after any other use of the budget has finished. */
  run<T>(database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      if (this.closed) throw new Error('the target is closed');
      const connection = await this.connectionTo(database);
      try {
        return await fn(connection.client);
      } finally {
        await this.keep(connection);
      }
    });
  }

  /** Ends the kept connections; later runs fail. */
  close(): Promise<void> {
    this.closed = true;
    return this.exclusive(async () => {
      for (const database of [...this.kept.keys()]) await this.endKept(database);
    });
  }

  /** The budget itself: every open, use and close of a connection runs in this queue, one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async connectionTo(database: string): Promise<KeptConnection> {
    const kept = this.kept.get(database);
    if (kept?.alive) {
      clearTimeout(kept.idleTimer);
      this.kept.delete(database);
      return kept;
    }
    if (kept) await this.endKept(database);
    // Room for this one among the kept: the one used last gives way (see the class comment).
    const keptNames = [...this.kept.keys()];
    if (keptNames.length >= this.maxKept) await this.endKept(keptNames[keptNames.length - 1] as string);
    const client = new pg.Client(this.configFor(database));
    const connection: KeptConnection = { database, client, alive: true };
    const ended = () => (connection.alive = false);
    client.on('error', ended);
    client.on('end', ended);
    try {
      await client.connect();
    } catch (error) {
      await endQuietly(client);
      throw error;
    }
    return connection;
  }

  private async keep(connection: KeptConnection): Promise<void> {
    if (!connection.alive || this.closed || this.idleMs <= 0) {
      await endQuietly(connection.client);
      return;
    }
    this.kept.set(connection.database, connection);
    connection.idleTimer = setTimeout(() => {
      void this.exclusive(async () => {
        if (this.kept.get(connection.database) === connection) await this.endKept(connection.database);
      });
    }, this.idleMs).unref();
  }

  private async endKept(database: string): Promise<void> {
    const kept = this.kept.get(database);
    this.kept.delete(database);
    if (!kept) return;
    clearTimeout(kept.idleTimer);
    await endQuietly(kept.client);
  }
}
