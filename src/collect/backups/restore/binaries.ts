// psql and pg_restore of a suitable major: the configured pg_bin_dir only, else PATH and the distributions' versioned
// directories (Debian /usr/lib/postgresql/<major>/bin, PGDG RPM /usr/pgsql-<major>/bin). The newest major wins: a
// newer pg_restore reads older archives, an older one refuses newer ones.
import { execFile } from 'node:child_process';
import { access, constants, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClientBinaries {
  readonly psql: string;
  readonly pgRestore: string;
  readonly major: number;
}

export interface BinaryCandidate {
  readonly dir: string;
  readonly major: number;
}

/** The best candidate directory: the newest major at least `dumpMajor` when known, else the newest. Pure. */
export function chooseBinaries(
  candidates: readonly BinaryCandidate[],
  dumpMajor?: number,
): BinaryCandidate | undefined {
  const sorted = [...candidates].sort((a, b) => b.major - a.major);
  return sorted.find((c) => dumpMajor === undefined || c.major >= dumpMajor) ?? sorted[0];
}

/** `psql (PostgreSQL) 15.14 (Debian ...)` → 15. */
export function majorOfVersionText(text: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function candidateIn(dir: string): Promise<BinaryCandidate | undefined> {
  const psql = path.join(dir, 'psql');
  if (!(await executable(psql)) || !(await executable(path.join(dir, 'pg_restore')))) return undefined;
  try {
    const { stdout } = await run(psql, ['--version'], { timeout: 10_000 });
    const major = majorOfVersionText(stdout);
    return major === undefined ? undefined : { dir, major };
  } catch {
    return undefined;
  }
}

async function versionedDirs(): Promise<string[]> {
  const found: string[] = [];
  for (const [root, pattern] of [
    ['/usr/lib/postgresql', /^\d+$/],
    ['/usr', /^pgsql-\d+$/],
  ] as const) {
    const entries = await readdir(root).catch(() => [] as string[]);
    for (const name of entries) if (pattern.test(name)) found.push(path.join(root, name, 'bin'));
  }
  return found;
}

/** The client binaries to use, or undefined when none are installed where we look. */
export async function findClientBinaries(
  pgBinDir: string | undefined,
  dumpMajor?: number,
  envPath: string = process.env.PATH ?? '',
): Promise<ClientBinaries | undefined> {
  const dirs = pgBinDir ? [pgBinDir] : [...envPath.split(path.delimiter).filter(Boolean), ...(await versionedDirs())];
  const candidates: BinaryCandidate[] = [];
  for (const dir of new Set(dirs)) {
    const candidate = await candidateIn(dir);
    if (candidate) candidates.push(candidate);
  }
  const best = chooseBinaries(candidates, dumpMajor);
  return best && { psql: path.join(best.dir, 'psql'), pgRestore: path.join(best.dir, 'pg_restore'), major: best.major };
}

export const CLIENT_HINT =
  'install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client; RHEL: dnf install postgresql) ' +
  'or set restore_test.pg_bin_dir';
