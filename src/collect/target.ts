import pg from 'pg';
import type { ResolvedTarget } from '../config/load.js';
import { withDatabase } from '../config/dsn.js';
import { maskSecretsInText } from '../config/secrets.js';
import type { Logger } from '../log.js';
import { reconnectDelayMs } from './backoff.js';
import { majorOf } from './definition.js';
import { OtherDatabaseConnection } from './other-database.js';
import { runStatement, type Rows } from './prepared.js';

export const APPLICATION_NAME = 'pgwarden';

/** How long an unused connection of the pool stays open. */
const IDLE_CONNECTION_MS = 60_000;

/**
 * A database error as safe text: the driver's message with any DSN password masked, and the connection's own
 * password (when given) removed literally, whatever characters it holds.
 */
export function describeError(error: unknown, password?: unknown): string {
  const e = error as { message?: string; code?: string };
  let text = e?.message || e?.code || String(error);
  if (typeof password === 'string' && password.length > 0) text = text.split(password).join('****');
  return maskSecretsInText(text);
}

/**
 * One monitored PostgreSQL server: a small pool with application_name, statement and lock timeouts on every session,
 * connection state with reconnect backoff, and the server version. A database restart never kills the process: the
 * pool's `error` listener absorbs errors of idle clients.
 */
export class Target {
  readonly name: string;
  private readonly pool: pg.Pool;
  private failures = 0;
  private nextAttemptAt = 0;
  private lastLoggedUp: boolean | undefined;
  private versionNum: number | undefined;
  private currentDatabase: string | undefined;
  private readonly otherDatabase: OtherDatabaseConnection;

  constructor(
    readonly config: ResolvedTarget,
    private readonly logger: Logger,
  ) {
    this.name = config.name;
    this.pool = new pg.Pool(this.clientConfig());
    this.otherDatabase = new OtherDatabaseConnection(
      (database) => this.clientConfig(database),
      config.perDatabaseIdleMs,
      config.perDatabaseConnections,
    );
    this.pool.on('error', (error) => {
      this.logger.debug(
        { target: this.name, err: describeError(error, config.connection.password) },
        'idle connection closed',
      );
    });
  }

  private clientConfig(database?: string): pg.PoolConfig {
    return {
      ...(database ? withDatabase(this.config.connection, database) : this.config.connection),
      application_name: APPLICATION_NAME,
      max: this.config.maxConnections,
      connectionTimeoutMillis: this.config.connectTimeoutMs,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      statement_timeout: this.config.statementTimeoutMs,
      lock_timeout: this.config.lockTimeoutMs,
      // A monitoring session must never hold a transaction open on the monitored server.
      idle_in_transaction_session_timeout: 60_000,
    };
  }

  get serverVersionNum(): number | undefined {
    return this.versionNum;
  }

  /** The database the target's pool is connected to (known after the first successful probe). */
  get database(): string | undefined {
    return this.currentDatabase;
  }

  get serverMajor(): number | undefined {
    return this.versionNum === undefined ? undefined : majorOf(this.versionNum);
  }

  /** True when a connection attempt is allowed now (backoff after failures). */
  attemptDue(now = Date.now()): boolean {
    return now >= this.nextAttemptAt;
  }

  /** Checks the connection (and learns the version); records up/down and logs only changes of state. */
  async probe(now = Date.now()): Promise<boolean> {
    if (!this.attemptDue(now)) return false;
    try {
      const result = await this.pool.query<{ v: string; db: string }>(
        "SELECT current_setting('server_version_num') AS v, current_database() AS db",
      );
      this.versionNum = Number(result.rows[0]?.v);
      this.currentDatabase = result.rows[0]?.db;
      this.markUp();
      return true;
    } catch (error) {
      this.markDown(error, now);
      return false;
    }
  }

  private markUp(): void {
    this.failures = 0;
    this.nextAttemptAt = 0;
    if (this.lastLoggedUp !== true) {
      this.logger.info({ target: this.name, server_version_num: this.versionNum }, 'target is up');
      this.lastLoggedUp = true;
    }
  }

  private markDown(error: unknown, now: number): void {
    this.failures += 1;
    this.nextAttemptAt = now + reconnectDelayMs(this.failures);
    if (this.lastLoggedUp !== false) {
      const err = describeError(error, this.config.connection.password);
      this.logger.warn({ target: this.name, dsn: this.config.display, err }, 'target is down');
      this.lastLoggedUp = false;
    }
  }

  /** Runs one query on the target's pool, with an optional per-query statement timeout. */
  async query(sql: string, timeoutMs?: number): Promise<Record<string, unknown>[]> {
    if (timeoutMs === undefined || timeoutMs === this.config.statementTimeoutMs) {
      return runStatement(this.pool, sql, this.config.preparedStatements);
    }
    const client = await this.pool.connect();
    // A checked-out client has no pool listener: without this one, a backend terminated mid-query (pg_terminate_backend,
    // a server restart) emits an unhandled 'error' and ends the process. A broken client is discarded, and keeps the
    // listener for the rest of its short life; a healthy one goes back to the pool without it.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken ??= error;
      this.logger.debug({ target: this.name, err: describeError(error) }, 'connection closed during a query');
    };
    client.on('error', onError);
    try {
      return await queryWithTimeout(client, sql, timeoutMs, this.config.preparedStatements);
    } catch (error) {
      if (isConnectionLost(error)) broken ??= error as Error;
      throw error;
    } finally {
      if (!broken) client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Runs `fn` on a connection to another database of the server. Such connections are used one at a time per target
   * and at most `per_database_connections` of them stay open while idle (for the next visit to the same database),
   * so per-database collectors never multiply the connections the agent holds.
   */
  inDatabase<T>(database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.otherDatabase.run(database, fn);
  }

  /** The other databases whose connections are still open from the last collection (visit them first). */
  get warmDatabases(): readonly string[] {
    return this.otherDatabase.keptDatabases;
  }

  async close(): Promise<void> {
    await this.otherDatabase.close();
    await this.pool.end().catch(() => undefined);
  }
}

/** Errors after which a connection cannot be used again (class 57: the server ended it; or the socket closed). */
function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (typeof code === 'string' && code.startsWith('57P')) || /Connection terminated/.test(String(error));
}

/** Runs a query with its own statement timeout: SET LOCAL needs a transaction, which ends with the query. */
export async function queryWithTimeout(
  client: pg.ClientBase,
  sql: string,
  timeoutMs: number,
  prepare: boolean,
): Promise<Rows> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    const rows = await runStatement(client, sql, prepare);
    await client.query('COMMIT');
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
